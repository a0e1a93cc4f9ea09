"""Agreements: a client's DPA and its renewal; new versions drafted and signed through the
page supersede the current one; signed copies must be PDFs; viewers only read."""

from datetime import date

from streamlit.testing.v1 import AppTest

from services.agreements import register as agreements
from services.agreements.register import AgreementDraft, AgreementView
from services.tenants import tenant_id_for_slug
from tests.factories import SYSTEM, login
from tests.pages.apptest import (
    ACCOUNT_MANAGER,
    CLIENT_ADMIN,
    CLIENT_VIEWER,
    EXECUTIVE,
    audit_events,
    messages,
    open_page,
    page_text,
    table,
)

COLUMNS = ("kind", "version", "status", "expires_on")
FORM_KEYS = {"agr_new_kind", "agr_new_version", "agr_new_submit", "agr_sign_submit", "agr_upload_submit"}


def acme_agreements() -> list[AgreementView]:
    return agreements.list_agreements(SYSTEM, tenant_id_for_slug(SYSTEM, "acme-manufacturing"))


def versions(at: AppTest) -> dict[str, str]:
    shown = table(at, *COLUMNS)
    return {f"{k} {v}": s for k, v, s in zip(shown["kind"], shown["version"], shown["status"], strict=True)}


def widget_keys(at: AppTest) -> set[str]:
    return {w.key for w in (*at.selectbox, *at.text_input, *at.button, *at.file_uploader) if w.key}


def pick(at: AppTest, kind: str, version: str) -> AppTest:
    """Choose acme's agreement `kind` `version` in the page's agreement box."""
    [chosen] = [a for a in acme_agreements() if (a.kind, a.version) == (kind, version)]
    return at.selectbox(key="agr_pick").select(chosen.id).run()


def chosen_label(at: AppTest) -> str:
    box = at.selectbox(key="agr_pick")
    return box.options[box.index]


def test_client_admin_sees_the_current_dpa_and_its_renewal_warning(demo_data_restored: str) -> None:
    at = open_page(CLIENT_ADMIN, "Agreements")
    assert versions(at) == {"DPA 2025.1": "signed"}
    # The demo DPA expires on 2027-01-09: within the 60-day renewal window from 2026-11-10 on.
    days = (date(2027, 1, 9) - date.today()).days
    assert messages(at.warning) == [f"acme-manufacturing: DPA 2025.1 expires on 2027-01-09 ({days} days)."]
    [terms] = [c for c in messages(at.caption) if c.startswith("Current DPA 2025.1:")]
    assert "specific subprocessor authorisation with 30 days' notice" in terms
    assert widget_keys(at) >= FORM_KEYS


def test_viewer_sees_the_agreements_but_no_forms(demo_data_restored: str) -> None:
    at = open_page(CLIENT_VIEWER, "Agreements")
    assert versions(at) == {"DPA 2024.1": "superseded", "DPA 2025.2": "signed", "BAA 2024.1": "signed"}
    assert widget_keys(at) & FORM_KEYS == set()
    assert not at.expander


def test_executive_in_the_portfolio_reads_every_clients_agreements(demo_data_restored: str) -> None:
    at = open_page(EXECUTIVE, "Agreements")
    assert len(table(at, *COLUMNS)) == 7
    assert widget_keys(at) & FORM_KEYS == set()
    assert "Choose a client in the sidebar" in page_text(at)


def test_client_admin_drafts_and_signs_a_new_dpa_which_supersedes_the_old(demo_data_restored: str) -> None:
    at = open_page(CLIENT_ADMIN, "Agreements")
    at.selectbox(key="agr_new_kind").select("DPA")
    at.text_input(key="agr_new_version").input("2026.1")
    at.button(key="agr_new_submit").click().run()
    assert not at.exception
    assert messages(at.success) == ["Created DPA 2026.1 as a draft."]
    assert versions(at) == {"DPA 2026.1": "draft", "DPA 2025.1": "signed"}

    at = pick(at, "DPA", "2026.1")
    assert chosen_label(at) == "DPA 2026.1 (draft)"
    at.date_input(key="agr_sign_date").set_value(date.today())
    at.button(key="agr_sign_submit").click().run()
    assert not at.exception
    assert messages(at.success) == ["DPA 2026.1 is signed and current; the previous version is superseded."]
    assert versions(at) == {"DPA 2026.1": "signed", "DPA 2025.1": "superseded"}
    assert {(a.version, a.status) for a in acme_agreements()} == {
        ("2026.1", "signed"),
        ("2025.1", "superseded"),
    }
    assert "Current DPA 2026.1" in page_text(at)
    assert not at.warning  # the new version has no expiry date
    assert [e.tenant for e in audit_events("agreement.supersede", CLIENT_ADMIN)] == ["acme-manufacturing"]


def test_the_chosen_agreement_stays_chosen_when_its_status_changes(demo_data_restored: str) -> None:
    acme = tenant_id_for_slug(SYSTEM, "acme-manufacturing")
    agreements.create_agreement(login(ACCOUNT_MANAGER), acme, AgreementDraft("BAA", "2026.1"))
    agreements.create_agreement(login(ACCOUNT_MANAGER), acme, AgreementDraft("DPA", "2026.1"))
    at = open_page(CLIENT_ADMIN, "Agreements")
    assert at.selectbox(key="agr_pick").options == [
        "BAA 2026.1 (draft)",
        "DPA 2026.1 (draft)",
        "DPA 2025.1 (signed)",
    ]
    at = pick(at, "DPA", "2026.1")
    at.button(key="agr_send_submit").click().run()
    assert messages(at.success) == ["DPA 2026.1 marked as sent."]
    assert chosen_label(at) == "DPA 2026.1 (sent)"


def test_a_signed_copy_that_is_not_a_pdf_is_refused(demo_data_restored: str) -> None:
    before = [(a.document_name, a.document_sha256) for a in acme_agreements()]
    at = open_page(CLIENT_ADMIN, "Agreements")
    at.file_uploader(key="agr_upload").upload(
        "signed-dpa.pdf", b"PK\x03\x04 a zip, not a PDF", "application/pdf"
    )
    at.button(key="agr_upload_submit").click().run()
    assert not at.exception
    assert messages(at.error) == [
        "The signed agreement is not a PDF file (judged by its content, not its name)."
    ]
    assert not at.success
    assert [(a.document_name, a.document_sha256) for a in acme_agreements()] == before
    assert audit_events("agreement.attach", CLIENT_ADMIN) == []


def test_a_signed_pdf_is_attached_and_offered_for_download(demo_data_restored: str) -> None:
    at = open_page(CLIENT_ADMIN, "Agreements")
    at.file_uploader(key="agr_upload").upload(
        "signed-dpa.pdf", b"%PDF-1.7\n% a signed DPA\n", "application/pdf"
    )
    at.button(key="agr_upload_submit").click().run()
    assert not at.exception
    assert messages(at.success)[0].startswith("Attached signed-dpa.pdf (SHA-256 ")
    assert at.download_button(key="agr_download").label == "Download signed-dpa.pdf"
    assert [a.document_name for a in acme_agreements()] == ["signed-dpa.pdf"]
    [event] = audit_events("agreement.attach", CLIENT_ADMIN)
    assert event.tenant == "acme-manufacturing"
