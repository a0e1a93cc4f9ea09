"""Agreements: one current version per kind, supersession on signing, renewals, signed PDFs."""

from datetime import date, timedelta

import pytest

from services.agreements import documents, register
from services.agreements.register import AgreementDraft
from services.agreements.terms import Terms
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.scoping import scoped_session
from tests.factories import SYSTEM, make_member, make_tenant

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def tenant_id(db: str) -> int:
    return make_tenant("alpha").id


def new(tenant_id: int, version: str, **changes: object) -> int:
    return register.create_agreement(SYSTEM, tenant_id, AgreementDraft("DPA", version, **changes)).id


def test_signing_a_new_version_supersedes_the_current_one(tenant_id: int) -> None:
    first, second = new(tenant_id, "2025.1"), new(tenant_id, "2026.1", terms=Terms(breach_notice_hours=24))
    register.sign(SYSTEM, first, date(2025, 1, 10))
    register.mark_sent(SYSTEM, second)
    register.sign(SYSTEM, second, date(2026, 1, 10))
    statuses = {v.version: v.status for v in register.list_agreements(SYSTEM, tenant_id)}
    assert statuses == {"2025.1": "superseded", "2026.1": "signed"}
    with scoped_session(SYSTEM) as session:
        assert register.current_terms(session, tenant_id).breach_notice_hours == 24
    with pytest.raises(InvalidInput, match="superseded"):
        register.sign(SYSTEM, first, date(2026, 2, 1))


def test_kinds_are_current_independently(tenant_id: int) -> None:
    register.sign(SYSTEM, new(tenant_id, "1"), date(2025, 1, 1))
    baa = register.create_agreement(SYSTEM, tenant_id, AgreementDraft("BAA", "1")).id
    register.sign(SYSTEM, baa, date(2025, 1, 1))
    assert sorted((v.kind, v.status) for v in register.list_agreements(SYSTEM, tenant_id)) == [
        ("BAA", "signed"),
        ("DPA", "signed"),
    ]


def test_defaults_without_a_signed_dpa(tenant_id: int) -> None:
    new(tenant_id, "draft-only")
    with scoped_session(SYSTEM) as session:
        terms = register.current_terms(session, tenant_id)
    assert (terms.subprocessor_notice_days, terms.request_target_days) == (30, 5)


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (AgreementDraft("NDA", "1"), "Unknown agreement type"),
        (AgreementDraft("DPA", " "), "Version is required"),
        (AgreementDraft("DPA", "1", Terms(subprocessor_authorisation="maybe")), "specific or general"),
        (AgreementDraft("DPA", "1", Terms(breach_notice_hours=0)), "breach_notice_hours"),
        (AgreementDraft("DPA", "1", effective_on=date(2026, 1, 1), expires_on=date(2025, 1, 1)), "after"),
    ],
)
def test_invalid_drafts_are_refused(tenant_id: int, draft: AgreementDraft, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        register.create_agreement(SYSTEM, tenant_id, draft)
    assert register.list_agreements(SYSTEM, tenant_id) == []


def test_renewal_is_flagged_60_days_ahead(tenant_id: int) -> None:
    today = date.today()
    soon = new(tenant_id, "soon", expires_on=today + timedelta(days=60))
    register.sign(SYSTEM, soon, today)
    view = register.list_agreements(SYSTEM, tenant_id)[0]
    assert (view.renewal_due, view.days_to_expiry) == (True, 60)
    later = register.list_agreements(SYSTEM, tenant_id, as_of=today - timedelta(days=1))[0]
    assert later.renewal_due is False


def test_signed_pdf_is_checked_stored_and_downloadable(tenant_id: int) -> None:
    agreement = new(tenant_id, "1")
    sha = documents.attach_document(SYSTEM, agreement, "../../etc/DPA signed.pdf", PDF)
    assert len(sha) == 64
    name, content = documents.download_document(SYSTEM, agreement)
    assert (name, content) == ("DPA signed.pdf", PDF)
    view = register.list_agreements(SYSTEM, tenant_id)[0]
    assert (view.document_sha256, view.document_size) == (sha, len(PDF))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"PK\x03\x04 a zip renamed to .pdf", "not a PDF"),
        (b"%PDF-" + b"0" * 20_000_001, "limit is 20 MB"),
    ],
)
def test_bad_uploads_are_refused(tenant_id: int, content: bytes, message: str) -> None:
    agreement = new(tenant_id, "1")
    with pytest.raises(InvalidInput, match=message):
        documents.attach_document(SYSTEM, agreement, "dpa.pdf", content)
    with pytest.raises(NotFound):
        documents.download_document(SYSTEM, agreement)


def test_roles_and_tenants(tenant_id: int) -> None:
    agreement = new(tenant_id, "1")
    viewer = make_member(tenant_id, "client_viewer")
    assert [v.version for v in register.list_agreements(viewer, tenant_id)] == ["1"]
    with pytest.raises(PermissionDenied):
        register.sign(viewer, agreement, date(2025, 1, 1))
    outsider = make_member(make_tenant("beta").id, "client_admin")
    with pytest.raises(NotFound):
        register.sign(outsider, agreement, date(2025, 1, 1))
    with pytest.raises(PermissionDenied):
        register.list_agreements(outsider, tenant_id)
    manager = make_member(tenant_id, "account_manager")
    assert register.sign(manager, agreement, date(2025, 1, 1)).status == "signed"
