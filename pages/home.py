"""Home: the chosen client at a glance, or the portfolio of clients a processor user sees."""

import streamlit as st

from dashboard import context
from dashboard.ui import csv_download, role_label, when
from services.tenant_overview import overview

principal = context.principal()
tenants = context.tenants()
tenant = context.active_tenant()

if tenant is not None:
    st.title(tenant.legal_name)
    roles = ", ".join(role_label(r) for r in sorted(principal.roles_at(tenant.id)))
    st.caption(f"`{tenant.slug}` · your role: {roles}")
    facts = overview(principal, tenant.id)
    cols = st.columns(4)
    cols[0].metric("Agreement", facts.dpa.split(",")[0], help=facts.dpa)
    cols[1].metric("Open rights requests", facts.open_requests, help="Overdue and due within 7 days below.")
    cols[2].metric("Overdue", facts.overdue_requests)
    cols[3].metric("Instructions awaiting approval", facts.drafts_awaiting_approval)
    for name in facts.renewals_due:
        st.warning(f"{name} is due for renewal within 60 days.", icon=":material/event_upcoming:")
    if facts.open_flags:
        st.error(
            f"{facts.open_flags} instruction version(s) flagged by Smartnex as possibly unlawful: "
            "see Instructions.",
            icon=":material/gavel:",
        )
    if facts.due_this_week:
        st.info(f"{facts.due_this_week} rights request(s) due within 7 days: see Rights requests.")
    cols = st.columns(3)
    cols[0].metric("Country", tenant.country)
    cols[1].metric("Client users", tenant.member_count, help="People with a client role at this tenant.")
    cols[2].metric("Services", len(tenant.services))
    left, middle, right = st.columns(3)
    left.subheader("Laws that apply")
    left.markdown(" ".join(f":blue-badge[{law}]" for law in tenant.laws) or "None recorded.")
    middle.subheader("Services bought")
    middle.markdown(" ".join(f":green-badge[{s}]" for s in tenant.services))
    right.subheader("Calendar")
    right.markdown(
        f"Time zone **{tenant.time_zone}**  \nHolidays: **{tenant.holiday_calendar or 'weekends only'}**"
    )
    st.caption(f"Client since {when(tenant.created_at)}.")
    st.stop()

st.title("Your clients")
if not tenants:
    st.info("No clients are assigned to you yet. A platform admin assigns account managers to clients.")
    st.stop()
cols = st.columns(3)
cols[0].metric("Clients", len(tenants))
cols[1].metric("Countries", len({t.country for t in tenants}))
cols[2].metric("Client users", sum(t.member_count for t in tenants))
rows = [
    {"legal_name": t.legal_name, "slug": t.slug, "country": t.country, "time_zone": t.time_zone,
     "laws": ", ".join(t.laws), "services": ", ".join(t.services), "client_users": t.member_count}
    for t in tenants
]  # fmt: skip
st.dataframe(rows, hide_index=True, key="tenants_table")
csv_download("Download CSV", rows, list(rows[0]), "clients.csv", key="tenants_csv")
st.caption("Choose a client in the sidebar to see its details and work on its records.")
