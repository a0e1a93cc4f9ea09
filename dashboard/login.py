"""The login gate: OIDC through `st.login`, then the membership looked up on every run."""

import logging

import streamlit as st

from services.audit import record_access
from services.principal import Principal, principal_for_email

log = logging.getLogger(__name__)
_AUDITED = "login_audited_for"


def _auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def _login_screen() -> None:
    st.title("DPA Desk")
    st.caption("Data-processing agreements, instructions and client administration.")
    if not _auth_configured():
        st.error(
            "Login is not configured: add an `[auth]` section to `.streamlit/secrets.toml` "
            "(`make run` writes one for the local identity provider; the README shows production)."
        )
        return
    st.button(
        "Log in with your company account",
        type="primary",
        icon=":material/login:",
        on_click=st.login,
        key="login",
    )


def _audit_once(email: str, action: str, tenant_ids: frozenset[int] = frozenset()) -> None:
    # st.user is fixed for the session; audit each login (or refusal) once per session.
    if st.session_state.get(_AUDITED) != (email, action):
        record_access(email, action, tenant_ids)
        st.session_state[_AUDITED] = (email, action)


def _no_access_screen(email: str) -> None:
    _audit_once(email, "login.denied")
    st.title("No access")
    st.error(
        f"You are signed in as **{email or 'an unknown user'}**, but this login has no access "
        "to DPA Desk. Ask your organisation's DPA Desk administrator to add you, then sign in again.",
        icon=":material/block:",
    )
    st.button("Log out", on_click=st.logout, icon=":material/logout:", key="logout_denied")


def require_principal() -> Principal:
    """The principal of this run, or stop after showing the login or no-access screen."""
    if not st.user.is_logged_in:
        _login_screen()
        st.stop()
    email = str(st.user.get("email") or "").strip().lower()
    principal = principal_for_email(email) if email else None
    if principal is None:
        _no_access_screen(email)
        st.stop()
    _audit_once(email, "login", principal.tenant_ids if principal.is_client_user else frozenset())
    return principal
