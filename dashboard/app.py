"""DPA Desk entry script: login gate, principal, tenant switcher, navigation."""

import streamlit as st

from dashboard import context, navigation
from dashboard.login import require_principal
from dashboard.ui import role_label
from services.tenants import list_tenants

st.set_page_config(page_title="DPA Desk", page_icon=":material/verified_user:", layout="wide")

principal = require_principal()
tenants = list_tenants(principal)
context.set_current(principal, tenants)

with st.sidebar:
    if len(tenants) > 1:
        st.selectbox(
            "Tenant",
            [t.slug for t in tenants],
            key=context.ACTIVE_TENANT_KEY,
            format_func=lambda slug: next(t.legal_name for t in tenants if t.slug == slug),
        )
    elif tenants:
        st.caption(f"Tenant: **{tenants[0].legal_name}**")

page = st.navigation(navigation.pages_for(principal))

with st.sidebar:
    st.divider()
    st.caption(f"{principal.name} · {principal.actor}")
    st.caption(", ".join(sorted(role_label(r) for r in principal.roles)))
    st.button("Log out", on_click=st.logout, icon=":material/logout:", key="logout")

page.run()
