"""What the entry script resolves on every run and pages read: the principal and tenant."""

import streamlit as st

from services.principal import Principal
from services.tenants import TenantFacts

_PRINCIPAL = "principal"
_TENANTS = "visible_tenants"
ACTIVE_TENANT_KEY = "active_tenant_slug"


def set_current(principal: Principal, tenants: list[TenantFacts]) -> None:
    st.session_state[_PRINCIPAL] = principal
    st.session_state[_TENANTS] = tenants


def principal() -> Principal:
    return st.session_state[_PRINCIPAL]


def tenants() -> list[TenantFacts]:
    """The tenants the principal may see, as resolved on this run."""
    return st.session_state[_TENANTS]


def active_tenant() -> TenantFacts | None:
    """The tenant chosen in the sidebar switcher (the only one, for single-tenant users)."""
    visible = tenants()
    chosen = st.session_state.get(ACTIVE_TENANT_KEY)
    return next((t for t in visible if t.slug == chosen), visible[0] if visible else None)
