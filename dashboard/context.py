"""What the entry script resolves on every run and pages read: the principal and tenant."""

import streamlit as st

from services.principal import Principal
from services.tenants import TenantFacts

_PRINCIPAL = "principal"
_TENANTS = "visible_tenants"
ACTIVE_TENANT_KEY = "active_tenant_slug"
PORTFOLIO = "__portfolio__"


def set_current(principal: Principal, tenants: list[TenantFacts]) -> None:
    st.session_state[_PRINCIPAL] = principal
    st.session_state[_TENANTS] = tenants


def principal() -> Principal:
    return st.session_state[_PRINCIPAL]


def tenants() -> list[TenantFacts]:
    """The tenants the principal may see, as resolved on this run."""
    return st.session_state[_TENANTS]


def switcher_options() -> list[str]:
    """Processor staff start on their whole portfolio; client users on their first tenant."""
    slugs = [t.slug for t in tenants()]
    return slugs if principal().is_client_user else [PORTFOLIO, *slugs]


def active_tenant() -> TenantFacts | None:
    """The tenant chosen in the sidebar; None when a processor user looks at the portfolio."""
    options = switcher_options()
    chosen = st.session_state.get(ACTIVE_TENANT_KEY)
    if chosen not in options:  # first run, or a tenant the user no longer sees
        chosen = options[0] if options else None
    return next((t for t in tenants() if t.slug == chosen), None)


def scope_label() -> str:
    tenant = active_tenant()
    return tenant.legal_name if tenant else f"All clients ({len(tenants())})"
