"""Audit log: client admins see their tenant's events; platform admins see every event."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import streamlit as st

from dashboard import context
from dashboard.ui import csv_download, when
from services import audit_log
from services.permissions import Permission

principal = context.principal()
COLUMNS = [
    "id",
    "occurred_at",
    "actor",
    "tenant",
    "action",
    "entity_type",
    "entity_id",
    "before",
    "after",
    "hash",
]

st.title("Audit log")
st.caption("Every change is recorded with who made it and a hash chain that shows tampering.")


def tenant_choice() -> int | None:
    """The sidebar's client; the portfolio means every event, for platform admins."""
    tenant = context.active_tenant()
    if tenant is None and principal.can(Permission.AUDIT_READ):
        st.caption("All clients and platform events. Choose a client in the sidebar to narrow down.")
        return None
    if tenant is None or not principal.can(Permission.AUDIT_READ, tenant.id):
        st.info("You may read the audit log only of a client you administer. Choose one in the sidebar.")
        st.stop()
    st.caption(f"Client: **{tenant.legal_name}**")
    return tenant.id


def as_json(value: dict[str, Any] | None) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


tenant_id = tenant_choice()
# The period is in UTC days, as the service filters and the table shows; the server's
# local date can be a day behind UTC and would hide the newest events.
today = datetime.now(UTC).date()
left, middle, right = st.columns([2, 2, 3])
period = left.date_input(
    "Period (UTC)", (today - timedelta(days=90), today), max_value=today, key="audit_period"
)
action = middle.selectbox(
    "Action",
    ["", *audit_log.actions(principal, tenant_id)],
    format_func=lambda a: a or "Any action",
    key="audit_action",
)
actor = right.text_input("Actor contains", placeholder="name@example.com", key="audit_actor")
since, until = (*period, None, None)[:2] if isinstance(period, tuple) else (period, period)
rows, total = audit_log.search_events(
    principal, audit_log.AuditFilter(tenant_id, since, until, action or None, actor or None)
)

if not rows:
    st.info("No events match these filters. Widen the period or clear the action and actor filters.")
    st.stop()
shown = f"{len(rows):,} newest of {total:,}" if total > len(rows) else f"{total:,}"
st.caption(f"{shown} events")
table = [
    {
        "id": r.id,
        "occurred_at": when(r.occurred_at),
        "actor": r.actor,
        "tenant": r.tenant or "(platform)",
        "action": r.action,
        "entity_type": r.entity_type,
        "entity_id": r.entity_id,
        "before": as_json(r.before),
        "after": as_json(r.after),
        "hash": r.hash,
    }
    for r in rows
]
st.dataframe(table, hide_index=True, column_order=COLUMNS[:7], key="audit_table")
csv_download("Download CSV", table, COLUMNS, "audit-log.csv", key="audit_csv")
