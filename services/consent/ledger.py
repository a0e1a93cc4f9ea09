"""Recording and reading consent events: one at a time from the page, with evidence."""

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ARRAY, Integer, String, any_, bindparam, func
from sqlmodel import Session, select

from models import ConsentEvent, ConsentEvidence, ConsentSubject, Tenant
from services import audit
from services.consent import pseudonyms
from services.consent.rules import ConsentStatus, EventDraft, TenantRules, problems
from services.errors import InvalidInput, NotFound
from services.file_checks import checked
from services.instructions.versions import approved_purposes
from services.permissions import Permission
from services.principal import Principal
from services.scoping import scoped_session

EVIDENCE_TYPES = {"application/pdf", "image/png", "image/jpeg"}
EVIDENCE_MAX_BYTES = 10_000_000


@dataclass(frozen=True)
class EventView:
    id: int
    subject_ref: str
    subject_type: str
    purpose: str
    status: str
    captured_at: datetime
    method: str
    notice_version: str
    recorded_by: str
    evidence_sha256: str | None
    evidence_id: int | None
    guardian_ref: str
    jurisdiction: str | None
    reason: str | None


def tenant_rules(principal: Principal, tenant_id: int) -> TenantRules:
    purposes = approved_purposes(principal, tenant_id)
    with scoped_session(principal) as session:
        tenant = session.get(Tenant, tenant_id)
        if tenant is None:
            raise NotFound(f"No tenant with id {tenant_id}.")
        return TenantRules(purposes, list(tenant.laws), tenant.country, datetime.now(UTC))


def among(session: Session, column: Any, values: Collection[Any]) -> Any:
    """`column IN values`; on PostgreSQL `column = ANY(array)`, one parameter that a custom plan
    (see `custom_plans`) hashes, instead of thousands of parameters compared one by one."""
    if session.get_bind().dialect.name != "postgresql":
        return column.in_(values)
    item = Integer() if isinstance(column.type, Integer) else String()
    return column == any_(bindparam(None, list(values), type_=ARRAY(item)))


def custom_plans(session: Session) -> None:
    """On PostgreSQL, plan each statement of this transaction for its own parameters. psycopg
    prepares a statement run five times, and PostgreSQL may then reuse a generic plan that, with
    statistics from before a bulk import, compared every row with every key of a chunk: the
    same 5,000-key look-up went from milliseconds to a second per chunk."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().exec_driver_sql("SET LOCAL plan_cache_mode = force_custom_plan")


def earliest_grants(
    session: Session, tenant_id: int, subject_ids: list[int]
) -> dict[tuple[int, str], datetime]:
    """(subject, purpose) -> the first grant on record. The tenant lets the database use an index
    that starts with it (consent_event has none on subject_id alone)."""
    query = (
        select(ConsentEvent.subject_id, ConsentEvent.purpose, func.min(ConsentEvent.captured_at))
        .where(
            ConsentEvent.tenant_id == tenant_id,
            among(session, ConsentEvent.subject_id, subject_ids),
            ConsentEvent.status == ConsentStatus.GRANTED,
        )
        .group_by(ConsentEvent.subject_id, ConsentEvent.purpose)
    )
    return {(s, p): as_utc(t) for s, p, t in session.exec(query).all()}


def as_utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _view(event: ConsentEvent, subject: ConsentSubject) -> EventView:
    return EventView(
        event.id,
        pseudonyms.decrypt(subject.ref_encrypted),
        subject.subject_type,
        event.purpose,
        event.status,
        as_utc(event.captured_at),
        event.method,
        event.notice_version,
        event.recorded_by,
        event.evidence_sha256,
        event.evidence_id,
        pseudonyms.decrypt(event.guardian_encrypted),
        event.jurisdiction,
        event.reason,
    )


def known_birth(stored: date | None, given: date | None) -> tuple[date | None, str | None]:
    """The birth date the child rule must use, and a problem if the two disagree."""
    if stored and given and stored != given:
        return stored, f"this subject is recorded as born on {stored.isoformat()}"
    return stored or given, None


def _subject(session: Session, tenant_id: int, draft: EventDraft) -> tuple[ConsentSubject, EventDraft]:
    """The subject (created if new), and the draft with the birth date on record if it gave none:
    the child rule applies to every event of a child, whether or not the form repeats the date."""
    key = pseudonyms.ref_hmac(tenant_id, draft.subject_ref)
    subject = session.exec(
        select(ConsentSubject).where(ConsentSubject.tenant_id == tenant_id, ConsentSubject.ref_hmac == key)
    ).first()
    if subject is None:
        subject = ConsentSubject(
            tenant_id=tenant_id,
            ref_hmac=key,
            ref_encrypted=pseudonyms.encrypt(draft.subject_ref),
            subject_type=draft.subject_type,
            date_of_birth=draft.date_of_birth,
        )
        session.add(subject)
        session.flush()
    elif subject.subject_type != draft.subject_type:
        raise InvalidInput(f"subject_type: this subject is recorded as {subject.subject_type}")
    born, conflict = known_birth(subject.date_of_birth, draft.date_of_birth)
    if conflict:
        raise InvalidInput(f"date_of_birth: {conflict}")
    if subject.date_of_birth is None and born is not None:
        subject.date_of_birth = born  # learnt now, applied to this subject's later events
        session.add(subject)
    return subject, replace(draft, date_of_birth=born)


def _store_evidence(
    session: Session, principal: Principal, tenant_id: int, file: tuple[str, bytes]
) -> ConsentEvidence:
    name, content = file
    media, sha = checked(content, EVIDENCE_TYPES, EVIDENCE_MAX_BYTES, "evidence file")
    evidence = ConsentEvidence(
        tenant_id=tenant_id,
        file_name=name[-255:],
        media_type=media,
        size=len(content),
        sha256=sha,
        content=content,
        uploaded_by=principal.actor,
    )
    session.add(evidence)
    session.flush()
    return evidence


def record_event(
    principal: Principal, tenant_id: int, draft: EventDraft, evidence: tuple[str, bytes] | None = None
) -> EventView:
    """Append one event after checking every rule; the evidence file is stored with it."""
    principal.require(Permission.CONSENT_WRITE, tenant_id)
    rules = tenant_rules(principal, tenant_id)
    with scoped_session(principal) as session:
        subject, draft = _subject(session, tenant_id, draft)
        prior = earliest_grants(session, tenant_id, [subject.id]).get((subject.id, draft.purpose))
        found = problems(draft, rules, prior)
        if found:
            raise InvalidInput("; ".join(f"{c}: {m}" for c, m in found))
        stored = _store_evidence(session, principal, tenant_id, evidence) if evidence else None
        if stored and draft.evidence_sha256 and stored.sha256 != draft.evidence_sha256:
            raise InvalidInput("evidence_sha256 does not match the uploaded file")
        duplicate = select(ConsentEvent.id).where(
            ConsentEvent.subject_id == subject.id,
            ConsentEvent.purpose == draft.purpose,
            ConsentEvent.status == draft.status,
            ConsentEvent.captured_at == draft.captured_at,
        )
        if session.exec(duplicate).first():
            raise InvalidInput("This event is already recorded.")
        event = ConsentEvent(
            tenant_id=tenant_id,
            subject_id=subject.id,
            purpose=draft.purpose,
            status=draft.status,
            captured_at=draft.captured_at,
            method=draft.method,
            notice_version=draft.notice_version.strip(),
            recorded_by=principal.actor,
            evidence_sha256=stored.sha256 if stored else draft.evidence_sha256,
            evidence_id=stored.id if stored else None,
            guardian_encrypted=pseudonyms.encrypt(draft.guardian_ref) if draft.guardian_ref else None,
            jurisdiction=draft.jurisdiction,
            reason=(draft.reason or "").strip() or None,
        )
        session.add(event)
        audit.record(session, principal, "consent.record", event, tenant_id, after=audit.snapshot(event))
        return _view(event, subject)


@dataclass(frozen=True)
class SubjectHistory:
    subject_ref: str
    subject_type: str
    date_of_birth: date | None
    events: list[EventView]

    @property
    def current(self) -> dict[str, str]:
        """Purpose -> the status of its latest event."""
        latest: dict[str, EventView] = {}
        for e in sorted(self.events, key=lambda e: (e.captured_at, e.id)):
            latest[e.purpose] = e
        return {p: e.status for p, e in sorted(latest.items())}


def subject_history(principal: Principal, tenant_id: int, subject_ref: str) -> SubjectHistory | None:
    """Everything on record for one subject, found by their reference (exact match)."""
    principal.require(Permission.CONSENT_READ, tenant_id)
    key = pseudonyms.ref_hmac(tenant_id, subject_ref)
    with scoped_session(principal) as session:
        subject = session.exec(
            select(ConsentSubject).where(
                ConsentSubject.tenant_id == tenant_id, ConsentSubject.ref_hmac == key
            )
        ).first()
        if subject is None:
            return None
        events = session.exec(
            select(ConsentEvent)
            .where(ConsentEvent.tenant_id == tenant_id, ConsentEvent.subject_id == subject.id)
            .order_by(ConsentEvent.captured_at)
        ).all()
        return SubjectHistory(
            pseudonyms.decrypt(subject.ref_encrypted),
            subject.subject_type,
            subject.date_of_birth,
            [_view(e, subject) for e in events],
        )


def search_ledger(
    principal: Principal,
    tenant_id: int,
    purpose: str | None = None,
    status: str | None = None,
    subject_type: str | None = None,
    limit: int = 5000,
) -> tuple[list[EventView], int]:
    """The newest matching events (at most `limit`) and how many match in all."""
    principal.require(Permission.CONSENT_READ, tenant_id)
    query = (
        select(ConsentEvent, ConsentSubject).join(ConsentSubject).where(ConsentEvent.tenant_id == tenant_id)
    )
    if purpose:
        query = query.where(ConsentEvent.purpose == purpose)
    if status:
        query = query.where(ConsentEvent.status == status)
    if subject_type:
        query = query.where(ConsentSubject.subject_type == subject_type)
    with scoped_session(principal) as session:
        total = session.exec(select(func.count()).select_from(query.subquery())).one()
        rows = session.exec(
            query.order_by(ConsentEvent.captured_at.desc(), ConsentEvent.id.desc()).limit(limit)
        ).all()
        return [_view(e, s) for e, s in rows], total


def evidence_file(principal: Principal, evidence_id: int) -> tuple[str, str, bytes]:
    """(file name, media type, bytes) of an evidence file, for the tenant's admins."""
    with scoped_session(principal) as session:
        evidence = session.exec(select(ConsentEvidence).where(ConsentEvidence.id == evidence_id)).first()
        if evidence is None:
            raise NotFound("No such evidence among the files you may see.")
        principal.require(Permission.CONSENT_READ, evidence.tenant_id)
        return evidence.file_name, evidence.media_type, evidence.content
