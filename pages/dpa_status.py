"""DPA status: every client's agreement, renewals, pending approvals and open flags."""

from datetime import date

import streamlit as st

from dashboard import charts, context
from dashboard.ui import csv_download
from services.agreements.status import dpa_status

principal = context.principal()
st.title("DPA status")
st.caption("Your clients' data-processing agreements at a glance. Renewals are flagged 60 days ahead.")

rows = dpa_status(principal)
chosen = context.active_tenant()
if chosen is not None:
    rows = [r for r in rows if r.tenant_id == chosen.id]
    st.caption(f"Showing {chosen.legal_name}; choose All clients in the sidebar for the whole portfolio.")
if not rows:
    st.info("No clients are assigned to you yet.")
    st.stop()
left, middle, right = st.columns([2, 2, 3])
only_attention = left.toggle("Needing attention only", key="dpa_attention_only")
status_filter = middle.multiselect(
    "DPA status", sorted({r.dpa_status for r in rows}), key="dpa_status_filter"
)
shown = [
    r
    for r in rows
    if (not only_attention or r.attention) and (not status_filter or r.dpa_status in status_filter)
]

cols = st.columns(4)
cols[0].metric("Clients", len(rows))
cols[1].metric("Without a signed DPA", sum(r.dpa_status != "signed" for r in rows))
cols[2].metric("Renewals due", sum(bool(r.renewals_due) for r in rows))
cols[3].metric("Open flags", sum(r.open_flags for r in rows))

table = [
    {"client": r.legal_name, "slug": r.slug, "dpa_version": r.dpa_version or "", "dpa_status": r.dpa_status,
     "expires_on": r.expires_on, "days_to_expiry": r.days_to_expiry,
     "other_agreements": ", ".join(r.other_current), "pending_approvals": r.pending_approvals,
     "open_flags": r.open_flags, "attention": "; ".join(r.attention)}
    for r in shown
]  # fmt: skip
if table:
    st.dataframe(table, hide_index=True, key="dpa_status_table")
else:
    st.info("No client matches these filters.")
csv_download("Download CSV", table, list(table[0]) if table else [], "dpa-status.csv", key="dpa_status_csv")

left, right = st.columns(2)
with left:
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.dpa_status] = counts.get(r.dpa_status, 0) + 1
    fig = charts.bars("Clients by DPA status", list(counts), {"Clients": list(counts.values())})
    charts.chart_with_table(
        fig,
        [{"dpa_status": s, "clients": n} for s, n in counts.items()],
        "dpa-status-counts.csv",
        "dpa_counts",
    )
with right:
    upcoming = sorted(
        ((f"{r.slug} · {name}", day) for r in rows for name, day in r.expiries), key=lambda e: e[1]
    )
    fig = charts.timeline("Upcoming expiries and renewals", upcoming, today=date.today(), window_days=60)
    rows_ = [
        {"agreement": label, "expires_on": day, "days": (day - date.today()).days} for label, day in upcoming
    ]
    charts.chart_with_table(fig, rows_, "dpa-renewals.csv", "renewals")
