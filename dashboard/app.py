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
names = {t.slug: t.legal_name for t in tenants} | {context.PORTFOLIO: "All clients (portfolio)"}

with st.sidebar:
    options = context.switcher_options()
    if st.session_state.get(context.ACTIVE_TENANT_KEY) not in options:
        st.session_state.pop(context.ACTIVE_TENANT_KEY, None)
    if len(options) > 1:
        st.selectbox("Client", options, key=context.ACTIVE_TENANT_KEY, format_func=names.get)
    elif tenants:
        st.caption(f"Client: **{tenants[0].legal_name}**")

page = st.navigation(navigation.pages_for(principal))

with st.sidebar:
    st.divider()
    st.caption(f"{principal.name} · `{principal.actor}`")
    st.caption(", ".join(sorted(role_label(r) for r in principal.roles)))
    st.button("Log out", on_click=st.logout, icon=":material/logout:", key="logout")

page.run()
