"""Rights requests: the register with legal deadlines, and logging, extending and closing."""

import streamlit as st

from dashboard import context
from dashboard.ui import csv_download, flash, show_flash, shows_errors
from services.permissions import Permission
from services.rights import register
from services.rights.drafts import RequestDraft, local_today
from services.rights.rules import Jurisdiction, RequestType
from services.rights.views import RequestView

principal = context.principal()
tenant = context.active_tenant()
OPEN_STATUSES = ["received", "verifying", "in_progress"]
CLOSE_STATUSES = ["completed", "refused", "withdrawn"]
SUBJECT_TYPES = ["patient", "employee", "visitor", "child"]
COLUMNS = [
    "external_ref",
    "tenant",
    "request_type",
    "jurisdictions",
    "received",
    "due_date",
    "deciding_law",
    "days_left",
    "status",
    "internal_target",
    "acknowledge_by",
    "extension_notice_by",
    "assignee",
    "closed",
]

st.title("Rights requests")
st.caption(context.scope_label())
show_flash()


def as_row(r: RequestView) -> dict[str, object]:
    return {
        "external_ref": r.external_ref,
        "tenant": r.tenant_slug,
        "request_type": r.request_type,
        "jurisdictions": ", ".join(r.jurisdictions),
        "received": r.received_on,
        "due_date": r.due_date,
        "deciding_law": r.deciding_law,
        "days_left": r.days_left,
        "status": r.status,
        "internal_target": r.internal_target if r.is_open else None,
        "acknowledge_by": r.acknowledge_by,
        "extension_notice_by": r.extension_notice_due,
        "assignee": r.assignee or "",
        "closed": r.closed_on,
        "overdue": r.overdue,
    }


def log_request_form(tenant_id: int, time_zone: str) -> None:
    # The tenant's date, as the service judges "in the future": west of UTC the server's
    # date is a day ahead for part of the day.
    today = local_today(time_zone)
    with st.expander("Log a request", icon=":material/add:"), st.form("new_request", clear_on_submit=True):
        left, middle, right = st.columns(3)
        ref = left.text_input("Controller's reference", key="req_new_ref", placeholder="NWH-2026-0412")
        kind = middle.selectbox("Type", [t.value for t in RequestType], key="req_new_type")
        subject = right.selectbox("Subject", SUBJECT_TYPES, key="req_new_subject")
        laws = left.multiselect("Laws that apply", [j.value for j in Jurisdiction], key="req_new_laws")
        received = middle.date_input(
            "Received (tenant's local date)", today, max_value=today, key="req_new_received"
        )
        assignee = right.text_input("Assignee email", key="req_new_assignee")
        if st.form_submit_button("Log request", type="primary", key="req_new_submit"):
            draft = RequestDraft(ref, kind, laws, subject, received, assignee=assignee or None)
            with shows_errors():
                view = register.create_request(principal, tenant_id, draft)
                flash(f"Logged {view.external_ref}: due {view.due_date} under {view.deciding_law}.")


def deadline_details(r: RequestView) -> None:
    st.markdown(
        f"**{r.external_ref}** · {r.request_type} · received {r.received_on} · due **{r.due_date}** "
        f"set by **{r.deciding_law}** ({r.source}) · internal target {r.internal_target}"
    )
    notes = []
    if r.extended:
        notes.append(f"Extended: {r.extension_reason or 'no reason recorded'}")
    if r.extension_notice_due and not r.extended:
        notes.append(f"An extension must be notified by {r.extension_notice_due}.")
    if r.acknowledge_by:
        notes.append(f"CCPA: confirm receipt by {r.acknowledge_by}.")
    for law in r.not_statutory_under:
        notes.append(f"{r.request_type} is not a statutory right under {law}; its standard deadline applies.")
    for note in notes:
        st.caption(note)


def act_on(r: RequestView) -> None:
    extend, update, close = st.tabs(["Extend", "Update", "Close"])
    with extend, st.form("extend_request"):
        if not r.can_extend:
            why = (
                "closed"
                if not r.is_open
                else "already extended"
                if r.extended
                else (
                    "the deciding law allows no extension"
                    if r.extension_notice_due is None
                    else f"the notice was due by {r.extension_notice_due}"
                )
            )
            st.caption(f"This request cannot be extended: {why}.")
        reason = st.text_area("Reason told to the data subject", key="req_extend_reason")
        if st.form_submit_button("Extend", key="req_extend_submit", disabled=not r.can_extend):
            with shows_errors():
                view = register.extend_request(principal, r.id, reason)
                flash(f"Extended {view.external_ref}: now due {view.due_date} ({view.deciding_law}).")
    with update, st.form("update_request"):
        choices = OPEN_STATUSES + (["extended"] if r.extended else [])
        status = st.selectbox(
            "Status",
            choices,
            index=choices.index(r.status) if r.status in choices else 0,
            key="req_update_status",
        )
        assignee = st.text_input("Assignee email", value=r.assignee or "", key="req_update_assignee")
        notes = st.text_area("Notes", value=r.notes or "", key="req_update_notes")
        if st.form_submit_button("Save", key="req_update_submit", disabled=not r.is_open):
            with shows_errors():
                register.update_request(principal, r.id, status, assignee, notes)
                flash(f"Saved {r.external_ref}.")
    with close, st.form("close_request"):
        status = st.selectbox("Outcome", CLOSE_STATUSES, key="req_close_status")
        closed_on = st.date_input("Closed on", r.as_of, max_value=r.as_of, key="req_close_date")
        outcome = st.text_area("What was done", key="req_close_outcome")
        if st.form_submit_button("Close request", key="req_close_submit", disabled=not r.is_open):
            with shows_errors():
                register.close_request(principal, r.id, status, outcome, closed_on)
                flash(f"Closed {r.external_ref} as {status}.")


tenant_id = tenant.id if tenant else None
if tenant_id is not None and principal.can(Permission.REQUESTS_WRITE, tenant_id):
    log_request_form(tenant_id, tenant.time_zone)
left, middle, right = st.columns([2, 2, 3])
open_only = left.toggle("Open requests only", value=True, key="req_open_only")
kind = middle.selectbox(
    "Type",
    ["", *[t.value for t in RequestType]],
    format_func=lambda t: t or "Any type",
    key="req_filter_type",
)
with shows_errors():
    views = register.list_requests(principal, register.RequestFilter(tenant_id, open_only, kind or None))
    if not views:
        st.info(
            "No requests match. Log one above, or import a file with `python -m dashboard requests import`."
        )
        st.stop()
    cols = st.columns(4)
    cols[0].metric("Shown", len(views))
    cols[1].metric("Overdue", sum(v.overdue for v in views))
    cols[2].metric("Due within 7 days", sum(v.is_open and not v.overdue and v.days_left <= 7 for v in views))
    cols[3].metric("Extended", sum(v.extended and v.is_open for v in views))
    rows = [as_row(v) for v in views]
    shown = [c for c in COLUMNS if tenant is None or c != "tenant"]
    st.dataframe(
        rows,
        hide_index=True,
        column_order=shown,
        key="requests_table",
        column_config={"days_left": st.column_config.NumberColumn("days left", help="Negative: overdue")},
    )
    csv_download("Download CSV", rows, COLUMNS, "rights-requests.csv", key="requests_csv")
    by_ref = {f"{v.tenant_slug} · {v.external_ref}": v for v in views}
    chosen = st.selectbox("Request", list(by_ref), key="req_pick", index=None, placeholder="Choose a request")
    if chosen:
        deadline_details(by_ref[chosen])
        if principal.can(Permission.REQUESTS_WRITE, by_ref[chosen].tenant_id):
            act_on(by_ref[chosen])
