"""Append to and verify the hash-chained audit log."""

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, SQLModel, select, update

from models import AuditEvent, AuditHead
from models.base import utcnow
from services.principal import Principal
from services.scoping import unscoped_session

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def snapshot(row: SQLModel | None) -> dict[str, Any] | None:
    """A JSON-safe copy of a row's fields, for the before/after of an event."""
    return None if row is None else json.loads(canonical_json(row.model_dump()))


def event_hash(prev_hash: str, event: AuditEvent) -> str:
    payload = {
        "id": event.id,
        "occurred_at": event.occurred_at.isoformat(timespec="microseconds"),
        "actor": event.actor,
        "tenant_id": event.tenant_id,
        "action": event.action,
        "entity_type": event.entity_type,
        "entity_id": event.entity_id,
        "before": event.before,
        "after": event.after,
    }
    return hashlib.sha256((prev_hash + canonical_json(payload)).encode()).hexdigest()


def record(
    session: Session,
    actor: Principal | str,
    action: str,
    entity: SQLModel | tuple[str, Any],
    tenant_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction. `entity` is a row or (type, id)."""
    session.flush()  # rows get their ids before we name them
    entity_type, entity_id = (
        entity if isinstance(entity, tuple) else (type(entity).__name__, getattr(entity, "id", ""))
    )
    # Bumping the head row takes its lock (PostgreSQL) or the write lock (SQLite) until
    # commit, so two appenders can never fork the chain.
    last_id, prev_hash = session.exec(
        update(AuditHead)
        .where(AuditHead.id == 1)
        .values(last_id=AuditHead.last_id + 1)
        .returning(AuditHead.last_id, AuditHead.last_hash)
    ).one()
    event = AuditEvent(
        id=last_id,
        occurred_at=utcnow(),
        actor=actor.actor if isinstance(actor, Principal) else actor,
        tenant_id=tenant_id,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        before=json.loads(canonical_json(before)) if before is not None else None,
        after=json.loads(canonical_json(after)) if after is not None else None,
        prev_hash=prev_hash,
        hash="",
    )
    event.hash = event_hash(prev_hash, event)
    session.add(event)
    session.exec(update(AuditHead).where(AuditHead.id == 1).values(last_hash=event.hash))
    return event


def record_access(email: str, action: str, tenant_ids: Iterable[int] = ()) -> None:
    """Audit a login (in each client's log, so its admins see it) or a refused login."""
    with unscoped_session("audit a login attempt before any principal exists") as session:
        for tenant_id in sorted(tenant_ids) or [None]:
            record(session, email, action, ("Login", email), tenant_id=tenant_id)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_bad_id: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.first_bad_id is None


def _events(session: Session) -> Iterator[AuditEvent]:
    yield from session.exec(select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=2000))


def verify_chain() -> ChainReport:
    """Recompute every hash in order; name the first event that does not fit."""
    with unscoped_session("verify the whole audit chain") as session:
        head = session.get(AuditHead, 1)
        prev_hash, expected_id, checked = GENESIS_HASH, 1, 0
        for event in _events(session):
            checked += 1
            if event.id != expected_id:
                return ChainReport(checked, expected_id, f"event {expected_id} is missing")
            if event.prev_hash != prev_hash:
                return ChainReport(checked, event.id, "does not follow the event before it")
            if event_hash(prev_hash, event) != event.hash:
                return ChainReport(checked, event.id, "its content was changed")
            prev_hash, expected_id = event.hash, expected_id + 1
        if head is not None and (head.last_id, head.last_hash) != (expected_id - 1, prev_hash):
            return ChainReport(checked, expected_id, f"events {expected_id}..{head.last_id} are missing")
        return ChainReport(checked)
