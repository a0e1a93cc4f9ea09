"""The ledger: append-only, corrections by new events with a reason, evidence judged by its
bytes and kept with its event, events carrying only a hash, and who may download evidence."""

import hashlib
from collections.abc import Callable

import pytest
from sqlmodel import Session, delete, select, update

from models import ConsentEvent, ConsentEvidence
from services import audit_log
from services.consent import ledger
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.scoping import scoped_session
from tests.consent.conftest import ConsentTenant, ago, counts, draft
from tests.factories import SYSTEM, make_member

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(13)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(20) + b"\xff\xd9"
LIMIT = 10_000_000


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# --- append-only --------------------------------------------------------------------------------


def change_status(session: Session, event_id: int) -> None:
    row = session.exec(select(ConsentEvent).where(ConsentEvent.id == event_id)).one()
    row.status = "refused"


def delete_row(session: Session, event_id: int) -> None:
    session.delete(session.exec(select(ConsentEvent).where(ConsentEvent.id == event_id)).one())


def bulk_update(session: Session, event_id: int) -> None:
    session.exec(update(ConsentEvent).where(ConsentEvent.id == event_id).values(status="refused"))


def bulk_delete(session: Session, event_id: int) -> None:
    session.exec(delete(ConsentEvent).where(ConsentEvent.id == event_id))


def edit_evidence(session: Session, _event_id: int) -> None:
    row = session.exec(select(ConsentEvidence)).first()
    assert row is not None
    row.content = b"%PDF-forged"


@pytest.mark.parametrize("attempt", [change_status, delete_row, bulk_update, bulk_delete, edit_evidence])
def test_events_and_evidence_are_never_changed_even_by_the_system(
    acme: ConsentTenant, ref: str, attempt: Callable[[Session, int], None]
) -> None:
    event = ledger.record_event(acme.admin, acme.id, draft(ref), evidence=("release.pdf", PDF))
    for who in (acme.admin, SYSTEM):
        with (
            pytest.raises(InvalidInput, match="never changed; record a correcting event"),
            scoped_session(who) as session,
        ):
            attempt(session, event.id)
    history = ledger.subject_history(acme.admin, acme.id, ref)
    assert history is not None and [(e.id, e.status) for e in history.events] == [(event.id, "granted")]
    assert ledger.evidence_file(acme.admin, event.evidence_id)[2] == PDF


def test_a_mistake_is_corrected_by_a_new_event_with_a_reason(acme: ConsentTenant, ref: str) -> None:
    when = ago(days=6)
    wrong = ledger.record_event(acme.admin, acme.id, draft(ref, captured_at=when))
    fixed = ledger.record_event(
        acme.admin, acme.id,
        draft(ref, status="refused", captured_at=when, reason="  Form was unsigned; entered as a grant.  "),
    )  # fmt: skip
    assert fixed.reason == "Form was unsigned; entered as a grant."
    history = ledger.subject_history(acme.admin, acme.id, ref)
    assert history is not None
    assert [(e.id, e.status, e.reason) for e in history.events] == [
        (wrong.id, "granted", None), (fixed.id, "refused", "Form was unsigned; entered as a grant."),
    ]  # fmt: skip
    assert history.current == {"biometric-attendance": "refused"}  # the later entry wins a tie
    with pytest.raises(InvalidInput, match="reason: is too long"):
        ledger.record_event(acme.admin, acme.id, draft(ref, status="expired", reason="x" * 1001))


def test_current_status_follows_the_latest_event(acme: ConsentTenant, ref: str) -> None:
    for days, status in [(30, "granted"), (20, "withdrawn"), (10, "granted"), (5, "expired")]:
        ledger.record_event(acme.admin, acme.id, draft(ref, purpose="payroll", status=status,
                                                       captured_at=ago(days=days)))  # fmt: skip
        history = ledger.subject_history(acme.admin, acme.id, ref)
        assert history is not None and history.current == {"payroll": status}


def test_every_event_is_audited_without_the_reference(acme: ConsentTenant, ref: str) -> None:
    event = ledger.record_event(acme.admin, acme.id, draft(ref))
    rows, _ = audit_log.search_events(
        acme.admin, audit_log.AuditFilter(tenant_id=acme.id, action="consent.record")
    )
    mine = [r for r in rows if r.entity_id == str(event.id)]
    assert len(mine) == 1 and mine[0].actor == acme.admin.actor
    assert ref not in str(mine[0])


# --- evidence files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "media"),
    [("release.pdf", PDF, "application/pdf"), ("scan.png", PNG, "image/png"),
     ("photo.jpg", JPEG, "image/jpeg"), ("named-wrongly.txt", PDF, "application/pdf")],
)  # fmt: skip
def test_evidence_is_accepted_by_its_bytes_and_downloadable(
    acme: ConsentTenant, ref: str, name: str, content: bytes, media: str
) -> None:
    event = ledger.record_event(acme.admin, acme.id, draft(ref), evidence=(name, content))
    assert event.evidence_sha256 == sha(content) and event.evidence_id is not None
    assert ledger.evidence_file(acme.admin, event.evidence_id) == (name, media, content)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is empty"), (b"hello, I am text", "not a JPEG, PDF, PNG file"),
     (b"GIF89a" + bytes(10), "not a JPEG, PDF, PNG file"), (b"%PDF-" + bytes(LIMIT - 4), "limit is 10 MB")],
)  # fmt: skip
def test_evidence_refused_writes_nothing(acme: ConsentTenant, ref: str, content: bytes, message: str) -> None:
    before = counts()
    with pytest.raises(InvalidInput, match=message):
        ledger.record_event(acme.admin, acme.id, draft(ref), evidence=("consent.pdf", content))
    assert counts() == before


def test_evidence_of_exactly_ten_megabytes_is_accepted(acme: ConsentTenant, ref: str) -> None:
    content = b"%PDF-" + bytes(LIMIT - 5)
    event = ledger.record_event(acme.admin, acme.id, draft(ref), evidence=("big.pdf", content))
    assert event.evidence_id is not None
    assert ledger.evidence_file(acme.admin, event.evidence_id)[2] == content


def test_evidence_is_kept_only_with_its_event(acme: ConsentTenant, ref: str) -> None:
    before = counts()
    with pytest.raises(InvalidInput, match="BIPA"):  # a valid file, an invalid event
        ledger.record_event(
            acme.admin, acme.id, draft(ref, method="electronic-click"), evidence=("r.pdf", PDF)
        )
    with pytest.raises(InvalidInput, match="does not match the uploaded file"):
        ledger.record_event(
            acme.admin, acme.id, draft(ref, evidence_sha256=sha(PNG)), evidence=("r.pdf", PDF)
        )
    assert counts() == before
    event = ledger.record_event(
        acme.admin, acme.id, draft(ref, evidence_sha256=sha(PDF)), evidence=("r.pdf", PDF)
    )
    assert event.evidence_sha256 == sha(PDF)
    assert counts() == (before[0] + 1, before[1] + 1, before[2] + 1)


def test_an_event_may_carry_only_the_hash_of_evidence_held_elsewhere(acme: ConsentTenant, ref: str) -> None:
    before = counts()
    event = ledger.record_event(acme.admin, acme.id, draft(ref, evidence_sha256=sha(b"paper in a safe")))
    assert (event.evidence_sha256, event.evidence_id) == (sha(b"paper in a safe"), None)
    assert counts() == (before[0] + 1, before[1] + 1, before[2])
    with pytest.raises(InvalidInput, match="evidence_sha256: must be 64 lowercase hexadecimal"):
        ledger.record_event(acme.admin, acme.id, draft(ref, status="expired", evidence_sha256="not-a-hash"))


def test_evidence_downloads_are_for_the_tenants_admins_only(
    acme: ConsentTenant, klinik: ConsentTenant, ref: str
) -> None:
    event = ledger.record_event(acme.admin, acme.id, draft(ref), evidence=("release.pdf", PDF))
    assert event.evidence_id is not None
    assert ledger.evidence_file(make_member(acme.id, "client_admin"), event.evidence_id)[2] == PDF
    with pytest.raises(NotFound):
        ledger.evidence_file(klinik.admin, event.evidence_id)  # another tenant's admin: invisible
    with pytest.raises(NotFound):
        ledger.evidence_file(acme.admin, 10**9)
    for role, tenant_id in [
        ("client_viewer", acme.id),
        ("account_manager", acme.id),
        ("platform_admin", None),
    ]:
        with pytest.raises(PermissionDenied, match="consent:read"):
            ledger.evidence_file(make_member(tenant_id, role), event.evidence_id)


# --- reading the ledger ---------------------------------------------------------------------------


def test_ledger_filters_by_purpose_status_and_subject_type(acme: ConsentTenant, ref: str) -> None:
    ledger.record_event(acme.admin, acme.id, draft(ref, captured_at=ago(days=9)))
    ledger.record_event(acme.admin, acme.id, draft(ref, status="withdrawn", captured_at=ago(days=8)))
    ledger.record_event(
        acme.admin, acme.id, draft(f"{ref}-V", subject_type="visitor", purpose="visitor-badge")
    )
    mine = lambda events: [(e.subject_ref, e.status) for e in events if e.subject_ref.startswith(ref)]  # noqa: E731
    events, _ = ledger.search_ledger(acme.admin, acme.id, purpose="biometric-attendance", limit=10**6)
    assert mine(events) == [(ref, "withdrawn"), (ref, "granted")]  # newest first
    events, _ = ledger.search_ledger(acme.admin, acme.id, status="withdrawn", limit=10**6)
    assert mine(events) == [(ref, "withdrawn")]
    events, _ = ledger.search_ledger(acme.admin, acme.id, subject_type="visitor", limit=10**6)
    assert mine(events) == [(f"{ref}-V", "granted")]
    newest, total = ledger.search_ledger(acme.admin, acme.id, limit=2)
    assert len(newest) == 2 and total >= 3
    with pytest.raises(PermissionDenied, match="consent:read"):
        ledger.search_ledger(make_member(acme.id, "client_viewer"), acme.id)
