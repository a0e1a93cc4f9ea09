"""Home: a client user's tenant at a glance, or the tenants a processor user can see."""

import streamlit as st

from dashboard import context
from dashboard.ui import csv_download, role_label, when

principal = context.principal()
tenants = context.tenants()

if principal.is_client_user:
    tenant = context.active_tenant()
    st.title(tenant.legal_name)
    st.caption(
        f"`{tenant.slug}` · your role: {', '.join(role_label(r) for r in principal.roles_at(tenant.id))}"
    )
    cols = st.columns(4)
    cols[0].metric("Country", tenant.country)
    cols[1].metric("Time zone", tenant.time_zone)
    cols[2].metric("Members", tenant.member_count)
    cols[3].metric("Services", len(tenant.services))
    left, right = st.columns(2)
    left.subheader("Laws that apply")
    left.markdown(" ".join(f":blue-badge[{law}]" for law in tenant.laws) or "None recorded.")
    right.subheader("Services bought")
    right.markdown(" ".join(f":green-badge[{s}]" for s in tenant.services))
    st.caption(f"Client since {when(tenant.created_at)}.")
else:
    st.title("Your clients")
    if not tenants:
        st.info("No tenants are assigned to you yet. A platform admin assigns account managers to tenants.")
        st.stop()
    cols = st.columns(3)
    cols[0].metric("Tenants", len(tenants))
    cols[1].metric("Countries", len({t.country for t in tenants}))
    cols[2].metric("Members", sum(t.member_count for t in tenants))
    rows = [
        {
            "legal_name": t.legal_name,
            "slug": t.slug,
            "country": t.country,
            "time_zone": t.time_zone,
            "laws": ", ".join(t.laws),
            "services": ", ".join(t.services),
            "members": t.member_count,
        }
        for t in tenants
    ]
    st.dataframe(rows, hide_index=True, key="tenants_table")
    csv_download("Download CSV", rows, list(rows[0]), "tenants.csv", key="tenants_csv")
