"""Agreements: the client's DPA, BAA and SCC versions, their terms and signed copies."""

from datetime import date

import streamlit as st

from dashboard import context
from dashboard.ui import csv_download, flash, show_flash, shows_errors
from services.agreements import documents
from services.agreements import register as agreements
from services.agreements.register import AgreementDraft, AgreementView
from services.agreements.terms import AgreementKind, Authorisation, EndOfContract, Terms
from services.permissions import Permission

principal = context.principal()
tenant = context.active_tenant()
st.title("Agreements")
st.caption(
    f"{context.scope_label()} · exactly one version of each kind is current; signing a new one supersedes it."
)
show_flash()


def as_row(a: AgreementView) -> dict[str, object]:
    return {
        "client": a.tenant_slug,
        "kind": a.kind,
        "version": a.version,
        "status": a.status,
        "signed_on": a.signed_on,
        "effective_on": a.effective_on,
        "expires_on": a.expires_on,
        "renewal_due": "yes" if a.renewal_due else "",
        "breach_notice_hours": a.terms.breach_notice_hours,
        "subprocessor_notice_days": a.terms.subprocessor_notice_days,
        "signed_copy": a.document_name or "",
        "sha256": a.document_sha256 or "",
    }


def terms_inputs(start: Terms) -> Terms:
    left, middle, right = st.columns(3)
    return Terms(
        governing_law=left.text_input("Governing law", start.governing_law, key="agr_law"),
        subprocessor_authorisation=middle.selectbox(
            "Subprocessor authorisation", [a.value for a in Authorisation],
            index=[a.value for a in Authorisation].index(start.subprocessor_authorisation), key="agr_auth"),
        subprocessor_notice_days=right.number_input(
            "Subprocessor notice (days)", 0, 365, start.subprocessor_notice_days, key="agr_notice"),
        breach_notice_hours=left.number_input(
            "Breach notification (hours)", 1, 1440, start.breach_notice_hours, key="agr_breach"),
        request_target_days=middle.number_input(
            "Request target (days before due)", 0, 30, start.request_target_days, key="agr_target"),
        end_of_contract=right.selectbox(
            "At the end", [e.value for e in EndOfContract],
            index=[e.value for e in EndOfContract].index(start.end_of_contract), key="agr_end"),
        audit_rights=st.text_input("Audit rights", start.audit_rights, key="agr_audit"),
    )  # fmt: skip


def new_version_form(tenant_id: int, current: AgreementView | None) -> None:
    with st.expander("New agreement version", icon=":material/note_add:"), st.form("new_agreement"):
        left, middle, right = st.columns(3)
        kind = left.selectbox("Type", [k.value for k in AgreementKind], key="agr_new_kind")
        version = middle.text_input("Version", placeholder=f"{date.today().year}.1", key="agr_new_version")
        expires = right.date_input("Expires or renews on", value=None, key="agr_new_expires")
        terms = terms_inputs(current.terms if current else Terms())
        if st.form_submit_button("Create draft", type="primary", key="agr_new_submit"):
            with shows_errors():
                view = agreements.create_agreement(
                    principal, tenant_id, AgreementDraft(kind, version, terms, None, expires)
                )
                flash(f"Created {view.kind} {view.version} as a draft.")


def actions(a: AgreementView) -> None:
    left, middle, right = st.columns(3)
    if left.button("Mark as sent", key="agr_send_submit", disabled=a.status != "draft"):
        with shows_errors():
            agreements.mark_sent(principal, a.id)
            flash(f"{a.kind} {a.version} marked as sent.")
    with middle.form("sign_agreement", border=False):
        signed_on = st.date_input("Signed on", max_value=date.today(), key="agr_sign_date")
        if st.form_submit_button(
            "Sign", type="primary", key="agr_sign_submit", disabled=a.status not in {"draft", "sent"}
        ):
            with shows_errors():
                agreements.sign(principal, a.id, signed_on)
                flash(f"{a.kind} {a.version} is signed and current; the previous version is superseded.")
    if right.button("Terminate", key="agr_terminate_submit", disabled=a.status != "signed"):
        with shows_errors():
            agreements.terminate(principal, a.id)
            flash(f"{a.kind} {a.version} terminated.")
    with st.form("upload_agreement", clear_on_submit=True):
        upload = st.file_uploader("Signed copy (PDF, at most 20 MB)", type=["pdf"], key="agr_upload")
        if st.form_submit_button("Attach", key="agr_upload_submit") and upload is not None:
            with shows_errors():
                sha256 = documents.attach_document(principal, a.id, upload.name, upload.getvalue())
                flash(f"Attached {upload.name} (SHA-256 {sha256[:16]}…).")


def download(a: AgreementView) -> None:
    if not a.document_name:
        st.caption("No signed copy attached yet.")
        return
    with shows_errors():
        name, content = documents.download_document(principal, a.id)
        st.download_button(
            f"Download {name}",
            content,
            file_name=name,
            mime="application/pdf",
            icon=":material/download:",
            key="agr_download",
        )
        st.caption(f"{a.document_size:,} bytes · SHA-256 `{a.document_sha256}`")


with shows_errors():
    views = agreements.list_agreements(principal, tenant.id if tenant else None)
    current = next((v for v in views if v.kind == "DPA" and v.is_current), None)
    may_write = tenant is not None and principal.can(Permission.AGREEMENTS_WRITE, tenant.id)
    if may_write:
        new_version_form(tenant.id, current)
    due = [v for v in views if v.renewal_due]
    for v in due:
        st.warning(
            f"{v.tenant_slug}: {v.kind} {v.version} expires on {v.expires_on} ({v.days_to_expiry} days).",
            icon=":material/event_upcoming:",
        )
    if not views:
        st.info("No agreements yet." + (" Create the first version above." if may_write else ""))
        st.stop()
    rows = [as_row(v) for v in views]
    st.dataframe(
        rows,
        hide_index=True,
        key="agreements_table",
        column_order=[c for c in rows[0] if tenant is None or c != "client"],
    )
    csv_download("Download CSV", rows, list(rows[0]), "agreements.csv", key="agreements_csv")
    if tenant is None:
        st.caption("Choose a client in the sidebar to create, sign or attach agreements.")
        st.stop()
    by_id = {v.id: v for v in views}
    # Chosen by id: the label shows the status, and the choice must survive its change.
    chosen = by_id[
        st.selectbox(
            "Agreement",
            list(by_id),
            format_func=lambda i: f"{by_id[i].kind} {by_id[i].version} ({by_id[i].status})",
            key="agr_pick",
        )
    ]
    if current:
        t = current.terms
        st.caption(
            f"Current DPA {current.version}: {t.subprocessor_authorisation} subprocessor authorisation with "
            f"{t.subprocessor_notice_days} days' notice; breaches reported within {t.breach_notice_hours} h; "
            f"requests answered {t.request_target_days} days before the legal due date; at the end: "
            f"{t.end_of_contract}; audits: {t.audit_rights}."
        )
    download(chosen)
    if may_write:
        actions(chosen)
