"""The audit log's hash chain: appended in the writer's transaction, tampering detected."""

import pytest
from sqlalchemy import text
from sqlmodel import select

from models import AuditEvent
from services import audit
from services.scoping import scoped_session, unscoped_session
from tests.factories import SYSTEM, make_member, make_tenant


def _tamper(sql: str, **params: object) -> None:
    with unscoped_session("test: tamper with the audit log") as session:
        session.connection().execute(text(sql), params)


def _events() -> list[AuditEvent]:
    with unscoped_session("test: read the chain") as session:
        return list(session.exec(select(AuditEvent).order_by(AuditEvent.id)).all())


@pytest.fixture
def chain(db: str) -> list[AuditEvent]:
    tenant = make_tenant("alpha")
    make_member(tenant.id, "client_admin")
    make_member(tenant.id, "client_viewer")
    events = _events()
    assert len(events) == 3
    return events


def test_every_write_appends_a_linked_event(chain: list[AuditEvent]) -> None:
    assert [e.id for e in chain] == [1, 2, 3]
    assert chain[0].prev_hash == audit.GENESIS_HASH
    assert [e.prev_hash for e in chain[1:]] == [e.hash for e in chain[:-1]]
    assert [e.action for e in chain] == ["tenant.create", "member.add", "member.add"]
    assert chain[1].after["role"] == "client_admin"
    assert audit.verify_chain().intact
    assert audit.verify_chain().checked == 3


def test_a_failed_write_leaves_no_event(db: str) -> None:
    tenant = make_tenant("alpha")
    with pytest.raises(RuntimeError), scoped_session(SYSTEM) as session:
        audit.record(session, SYSTEM, "test.event", ("Thing", 1), tenant.id)
        raise RuntimeError("the write fails after the event was appended")
    assert [e.action for e in _events()] == ["tenant.create"]
    assert audit.verify_chain().intact


def test_changed_event_is_detected(chain: list[AuditEvent]) -> None:
    _tamper("UPDATE audit_event SET actor = 'someone-else' WHERE id = 2")
    report = audit.verify_chain()
    assert (report.intact, report.first_bad_id) == (False, 2)


def test_changed_after_json_is_detected(chain: list[AuditEvent]) -> None:
    _tamper("UPDATE audit_event SET after = NULL WHERE id = 3")
    assert audit.verify_chain().first_bad_id == 3


def test_deleted_event_is_detected(chain: list[AuditEvent]) -> None:
    _tamper("DELETE FROM audit_event WHERE id = 2")
    report = audit.verify_chain()
    assert (report.intact, report.first_bad_id) == (False, 2)


def test_deleted_last_event_is_detected(chain: list[AuditEvent]) -> None:
    _tamper("DELETE FROM audit_event WHERE id = 3")
    assert audit.verify_chain().first_bad_id == 3


def test_reordered_events_are_detected(chain: list[AuditEvent]) -> None:
    # Swap the content of events 2 and 3 while keeping their positions.
    _tamper("UPDATE audit_event SET id = -2 WHERE id = 2")
    _tamper("UPDATE audit_event SET id = 2 WHERE id = 3")
    _tamper("UPDATE audit_event SET id = 3 WHERE id = -2")
    report = audit.verify_chain()
    assert (report.intact, report.first_bad_id) == (False, 2)


def test_recomputed_hash_does_not_hide_a_change(chain: list[AuditEvent]) -> None:
    forged = chain[1]
    forged.actor = "forger@example.com"
    _tamper(
        "UPDATE audit_event SET actor = :a, hash = :h WHERE id = 2",
        a=forged.actor,
        h=audit.event_hash(forged.prev_hash, forged),
    )
    assert audit.verify_chain().first_bad_id == 3


def test_concurrent_writers_never_fork_the_chain(db: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    tenant = make_tenant("alpha")
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda i: make_member(tenant.id, "client_viewer", f"u{i}@alpha.example"), range(12)))
    report = audit.verify_chain()
    assert (report.intact, report.checked) == (True, 13)
