"""Outbox: the emails waiting for SendGrid, for platform admins."""

import streamlit as st

from dashboard import context
from dashboard.ui import csv_download, when
from services import outbox

principal = context.principal()
COLUMNS = ["id", "created_at", "to", "subject", "kind", "status", "attempts", "next_attempt_at", "last_error"]

st.title("Outbox")
if not outbox.sender_configured():
    st.warning(
        "SENDGRID_API_KEY is not set, so messages stay pending. Set it and run "
        "`python -m dashboard notify send` (for example from cron every minute).",
        icon=":material/mail_lock:",
    )
counts = outbox.outbox_counts(principal)
cols = st.columns(len(counts))
for col, (status, n) in zip(cols, counts.items(), strict=True):
    col.metric(status.capitalize(), f"{n:,}")

status = st.segmented_control("Status", ["pending", "sent", "dead"], default="pending", key="outbox_status")
rows = outbox.list_outbox(principal, status)
if not rows:
    st.info(f"No {status or ''} messages.".replace("  ", " "))
    st.stop()
table = [
    {
        "id": m.id,
        "created_at": when(m.created_at),
        "to": m.to_email,
        "subject": m.subject,
        "kind": m.kind,
        "status": m.status,
        "attempts": m.attempts,
        "next_attempt_at": when(m.next_attempt_at),
        "last_error": m.last_error or "",
    }
    for m in rows
]
st.dataframe(table, hide_index=True, key="outbox_table")
csv_download("Download CSV", table, COLUMNS, "outbox.csv", key="outbox_csv")
