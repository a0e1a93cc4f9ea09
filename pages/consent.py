"""Consent: coverage per purpose, one subject's evidence, the ledger, and bulk import."""

from datetime import UTC, date, datetime, time, timedelta

import streamlit as st

from dashboard import charts, context
from dashboard.consent_view import coverage_chart
from dashboard.ui import csv_download, flash, show_flash, shows_errors
from services.consent import coverage, ledger
from services.consent.rules import SUBJECT_TYPES, ConsentStatus, EventDraft, Method
from services.imports.consents import OPTIONAL, REQUIRED, import_consents
from services.imports.csv_file import preview
from services.imports.report import UnreadableFile
from services.metric_scope import Scope
from services.permissions import Permission

principal = context.principal()
tenant = context.active_tenant()
st.title("Consent evidence")
show_flash()
if tenant is None or not principal.can(Permission.CONSENT_READ, tenant.id):
    st.info("Consent records are kept by each client's administrators. Choose a client you administer.")
    st.stop()
st.caption(f"{tenant.legal_name} · who agreed to what, when, how and under which notice.")
may_write = principal.can(Permission.CONSENT_WRITE, tenant.id)
LEDGER_COLUMNS = [
    "subject_ref", "subject_type", "purpose", "status", "captured_at", "method", "notice_version",
    "recorded_by", "evidence_sha256", "guardian_ref", "jurisdiction", "reason",
]  # fmt: skip


def event_row(e: ledger.EventView) -> dict[str, object]:
    return {
        "subject_ref": e.subject_ref, "subject_type": e.subject_type, "purpose": e.purpose,
        "status": e.status, "captured_at": e.captured_at.strftime("%Y-%m-%d %H:%M UTC"), "method": e.method,
        "notice_version": e.notice_version, "recorded_by": e.recorded_by,
        "evidence_sha256": e.evidence_sha256 or "",
        "guardian_ref": e.guardian_ref, "jurisdiction": e.jurisdiction or "", "reason": e.reason or "",
    }  # fmt: skip


def coverage_tab() -> None:
    rows = coverage.coverage(principal, tenant.id)
    if not any(r.in_scope for r in rows):
        st.info("No consent records yet. Import a file or record an event.")
    coverage_chart(rows, "coverage")
    today = date.today()
    monthly = coverage.events_by_month(principal, Scope(tenant.id, today - timedelta(days=730), today))
    x, series = charts.pivot(monthly)
    charts.chart_with_table(
        charts.bars("Grants and withdrawals per month", x, series),
        [{"month": m, "status": s, "events": n} for m, s, n in monthly],
        "consent-monthly.csv",
        "monthly",
    )
    missing, total = coverage.missing_releases(principal, tenant.id)
    # Under BIPA the grant must be a written release; elsewhere any valid grant counts.
    release = "written release" if "BIPA" in tenant.laws else "grant"
    st.subheader(f"Biometric subjects without a valid {release}")
    if not total:
        st.success(
            f"Every subject in scope of a biometric purpose has a valid {release}.",
            icon=":material/verified:",
        )
        return
    st.warning(
        f"{total:,} subjects in scope of a biometric purpose lack a valid {release}.",
        icon=":material/warning:",
    )
    rows = [{"purpose": m.purpose, "subject_ref": m.subject_ref, "subject_type": m.subject_type,
             "latest_status": m.latest_status} for m in missing]  # fmt: skip
    st.dataframe(rows, hide_index=True, key="missing_releases_table")
    csv_download("Download CSV", rows, list(rows[0]), "missing-releases.csv", key="missing_releases_csv")


def subject_tab() -> None:
    ref = st.text_input("Subject reference (employee number, MRN)", key="consent_subject_ref")
    if not ref.strip():
        st.caption("Look a person up by the reference your organisation uses; it is matched exactly.")
        return
    history = ledger.subject_history(principal, tenant.id, ref)
    if history is None:
        st.info(f"Nothing is on record for '{ref}'.")
        return
    st.markdown(
        f"**{history.subject_ref}** · {history.subject_type}"
        + (f" · born {history.date_of_birth}" if history.date_of_birth else "")
    )
    st.markdown(
        " ".join(
            f":{'green' if s == 'granted' else 'red'}-badge[{p}: {s}]" for p, s in history.current.items()
        )
    )
    rows = [event_row(e) for e in history.events]
    st.dataframe(rows, hide_index=True, key="subject_history_table")
    csv_download(
        "Download this history (CSV)", rows, LEDGER_COLUMNS, "consent-history.csv", key="subject_csv"
    )
    for e in (e for e in history.events if e.evidence_id):
        name, media, content = ledger.evidence_file(principal, e.evidence_id)
        st.download_button(
            f"Evidence for {e.purpose} ({e.status}, {e.captured_at:%Y-%m-%d}): {name}",
            content,
            file_name=name,
            mime=media,
            key=f"evidence_{e.id}",
            icon=":material/attach_file:",
        )


def ledger_tab() -> None:
    left, middle, right = st.columns(3)
    purposes = [c.purpose for c in coverage.coverage(principal, tenant.id)]
    purpose = left.selectbox(
        "Purpose", ["", *purposes], format_func=lambda p: p or "Any", key="ledger_purpose"
    )
    status = middle.selectbox(
        "Status",
        ["", *[s.value for s in ConsentStatus]],
        format_func=lambda s: s or "Any",
        key="ledger_status",
    )
    kind = right.selectbox(
        "Subject type", ["", *SUBJECT_TYPES], format_func=lambda s: s or "Any", key="ledger_type"
    )
    events, total = ledger.search_ledger(principal, tenant.id, purpose or None, status or None, kind or None)
    if not events:
        st.info("No events match these filters.")
        return
    st.caption(f"{len(events):,} newest of {total:,} events" if total > len(events) else f"{total:,} events")
    rows = [event_row(e) for e in events]
    st.dataframe(rows, hide_index=True, key="ledger_table")
    csv_download("Download CSV", rows, LEDGER_COLUMNS, "consent-ledger.csv", key="ledger_csv")


def import_tab() -> None:
    st.caption(
        f"CSV, UTF-8. Required columns: {', '.join(REQUIRED)}. Optional: {', '.join(OPTIONAL)}. "
        "Every row is checked first; if any row is invalid, nothing is written."
    )
    upload = st.file_uploader("Consent file", type=["csv"], key="consent_upload")
    if upload is None:
        return
    content = upload.getvalue()
    header, first = preview(content)
    if header:
        st.dataframe(
            [dict(zip(header, row, strict=False)) for row in first], hide_index=True, key="import_preview"
        )
    left, right = st.columns(2)
    check, run = (
        left.button("Check only", key="consent_check"),
        right.button("Import", type="primary", key="consent_import"),
    )
    if not (check or run):
        return
    bar = st.progress(0.0, text="Reading the file…")
    total = max(1, content.count(b"\n"))
    stage_share = {"checking rows": 0.0, "checking the ledger": 1 / 3, "writing": 2 / 3}

    def progress(done: int, stage: str) -> None:
        bar.progress(
            min(1.0, stage_share[stage] + min(done, total) / total / 3), text=f"{stage.capitalize()}…"
        )

    try:
        report = import_consents(principal, tenant.slug, content, progress, dry_run=check)
    except UnreadableFile as error:
        bar.empty()
        st.error(f"The file cannot be used: {error}", icon=":material/error:")
        return
    bar.progress(1.0, text="Done")
    if report.errors:
        st.error(f"{len(report.errors):,} problems found; nothing was written.", icon=":material/error:")
        rows = [{"row": e.row, "column": e.column, "message": e.message} for e in report.errors]
        st.dataframe(rows, hide_index=True, key="import_errors")
        csv_download(
            "Download the error report",
            rows,
            ["row", "column", "message"],
            "consent-import-errors.csv",
            key="import_errors_csv",
        )
    elif check:
        st.success(
            f"The file is valid: {report.imported:,} new events, {report.duplicates:,} already on record."
        )
    else:
        st.success(f"Imported {report.imported:,} events; {report.duplicates:,} were already on record.")


def record_tab() -> None:
    purposes = [c.purpose for c in coverage.coverage(principal, tenant.id)]
    with st.form("record_consent", clear_on_submit=True):
        left, middle, right = st.columns(3)
        ref = left.text_input("Subject reference", key="rec_ref")
        kind = middle.selectbox("Subject type", SUBJECT_TYPES, key="rec_type")
        purpose = right.selectbox("Purpose", purposes, key="rec_purpose")
        status = left.selectbox("Event", [s.value for s in ConsentStatus], key="rec_status")
        method = middle.selectbox("Method", [m.value for m in Method], key="rec_method")
        notice = right.text_input("Notice version shown", key="rec_notice")
        today_utc = datetime.now(UTC).date()
        day = left.date_input("Captured on (UTC)", value=today_utc, max_value=today_utc, key="rec_day")
        now = datetime.now(UTC)
        at = middle.time_input("at (UTC)", value=time(now.hour, now.minute), key="rec_time")
        born = right.date_input(
            "Date of birth (for minors)", value=None, min_value=date(1900, 1, 1), key="rec_born"
        )
        guardian = left.text_input("Guardian reference (minors)", key="rec_guardian")
        reason = middle.text_input("Reason (when correcting an earlier event)", key="rec_reason")
        evidence = st.file_uploader(
            "Evidence (PDF, PNG or JPEG, at most 10 MB)",
            type=["pdf", "png", "jpg", "jpeg"],
            key="rec_evidence",
        )
        if st.form_submit_button("Record event", type="primary", key="rec_submit"):
            draft = EventDraft(
                ref,
                kind,
                purpose or "",
                status,
                datetime.combine(day, at, UTC),
                method,
                notice,
                date_of_birth=born,
                guardian_ref=guardian or None,
                reason=reason or None,
            )
            with shows_errors():
                ledger.record_event(
                    principal, tenant.id, draft, (evidence.name, evidence.getvalue()) if evidence else None
                )
                flash(f"Recorded: {purpose} {status} for {ref}.")


names = ["Coverage", "Subject", "Ledger"] + (["Import", "Record an event"] if may_write else [])
tabs = dict(zip(names, st.tabs(names), strict=True))
for name, render in [("Coverage", coverage_tab), ("Subject", subject_tab), ("Ledger", ledger_tab),
                     ("Import", import_tab), ("Record an event", record_tab)]:  # fmt: skip
    if name in tabs:
        with tabs[name], shows_errors():
            render()
