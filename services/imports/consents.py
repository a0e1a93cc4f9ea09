"""`consents import`: three streaming passes over the file, so memory stays flat.
1. parse and check each row on its own; note each subject's type and first grant per purpose;
2. against the ledger, in chunks: withdrawals need an earlier grant; identical events are duplicates;
3. only when no row is invalid: write every new subject and event in one transaction."""

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session, insert, select

from models import ConsentEvent, ConsentSubject, Tenant
from services import audit
from services.consent import pseudonyms
from services.consent.ledger import as_utc, earliest_grants, tenant_rules
from services.consent.rules import (
    ConsentStatus,
    EventDraft,
    TenantRules,
    static_problems,
    withdrawal_problems,
)
from services.imports import values
from services.imports.csv_file import read_rows
from services.imports.report import ImportReport, RowError, UnreadableFile
from services.permissions import Permission
from services.principal import Principal
from services.scoping import scoped_session

REQUIRED = ["subject_ref", "subject_type", "purpose", "status", "captured_at", "method", "notice_version"]
OPTIONAL = ["evidence_sha256", "date_of_birth", "guardian_ref", "jurisdiction"]
CHUNK = 5000
Progress = Callable[[int, str], None]  # (rows done in this pass, pass name)
EventKey = tuple[str, str, str, datetime]  # (subject hmac, purpose, status, captured_at)


@dataclass
class _FileState:
    """What pass 1 learns; small per subject, nothing per row except the rows to skip."""

    subject_types: dict[str, str] = field(default_factory=dict)
    first_grants: dict[tuple[str, str], datetime] = field(default_factory=dict)
    skip: set[int] = field(default_factory=set)  # invalid rows, then duplicates too
    new_events: int = 0  # valid rows that are not duplicates (known after pass 2)


def _captured_at(text: str, zone: ZoneInfo) -> datetime:
    parsed = values.when(text)
    if not isinstance(parsed, datetime):
        parsed = datetime.combine(parsed, time.min)
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)).astimezone(ZoneInfo("UTC"))


def _parse(fields: dict[str, str], zone: ZoneInfo) -> EventDraft | list[tuple[str, str]]:
    errors, captured, born = [], None, None
    try:
        captured = _captured_at(fields["captured_at"], zone)
    except ValueError as error:
        errors.append(("captured_at", str(error) if fields["captured_at"] else "is required"))
    if fields.get("date_of_birth"):
        try:
            born = date.fromisoformat(fields["date_of_birth"])
        except ValueError:
            errors.append(("date_of_birth", f"'{fields['date_of_birth']}' is not a date (YYYY-MM-DD)"))
    if errors:
        return errors
    return EventDraft(
        subject_ref=fields["subject_ref"],
        subject_type=fields["subject_type"].lower(),
        purpose=fields["purpose"],
        status=fields["status"].lower(),
        captured_at=captured,
        method=fields["method"].lower(),
        notice_version=fields["notice_version"],
        evidence_sha256=fields.get("evidence_sha256", "").lower() or None,
        date_of_birth=born,
        guardian_ref=fields.get("guardian_ref") or None,
        jurisdiction=fields.get("jurisdiction", "").upper() or None,
    )


def _drafts(
    source: Path | bytes, zone: ZoneInfo, skip: set[int] | None = None
) -> Iterator[tuple[int, EventDraft | list[tuple[str, str]]]]:
    for number, fields in read_rows(source, REQUIRED, OPTIONAL):
        if skip and number in skip:
            continue
        yield number, [("", fields)] if isinstance(fields, str) else _parse(fields, zone)


def _pass_one(
    source: Path | bytes, tenant: Tenant, rules: TenantRules, report: ImportReport, progress: Progress
) -> _FileState:
    state = _FileState()
    for number, draft in _drafts(source, ZoneInfo(tenant.time_zone)):
        found = draft if isinstance(draft, list) else static_problems(draft, rules)
        if not found:
            key = pseudonyms.ref_hmac(tenant.id, draft.subject_ref)
            known = state.subject_types.setdefault(key, draft.subject_type)
            if known != draft.subject_type:
                found = [("subject_type", f"this subject is a {known} in an earlier row")]
            elif draft.status == ConsentStatus.GRANTED:
                grant = state.first_grants.get((key, draft.purpose))
                state.first_grants[(key, draft.purpose)] = min(grant or draft.captured_at, draft.captured_at)
        if found:
            report.errors += [RowError(number, c, m) for c, m in found]
            state.skip.add(number)
        if number % CHUNK == 0:
            progress(number, "checking rows")
    return state


def _chunks(
    source: Path | bytes, tenant: Tenant, skip: set[int]
) -> Iterator[list[tuple[int, EventDraft, str]]]:
    chunk = []
    for number, draft in _drafts(source, ZoneInfo(tenant.time_zone), skip):
        chunk.append((number, draft, pseudonyms.ref_hmac(tenant.id, draft.subject_ref)))
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _existing(session: Session, keys: set[str]) -> dict[str, ConsentSubject]:
    query = select(ConsentSubject).where(ConsentSubject.ref_hmac.in_(keys))
    return {s.ref_hmac: s for s in session.exec(query).all()}


def _stored_events(session: Session, subjects: dict[str, ConsentSubject]) -> set[EventKey]:
    by_id = {s.id: h for h, s in subjects.items()}
    query = select(
        ConsentEvent.subject_id, ConsentEvent.purpose, ConsentEvent.status, ConsentEvent.captured_at
    ).where(ConsentEvent.subject_id.in_(list(by_id)))
    return {(by_id[s], p, st, as_utc(t)) for s, p, st, t in session.exec(query).all()}


def _pass_two(
    principal: Principal,
    source: Path | bytes,
    tenant: Tenant,
    state: _FileState,
    report: ImportReport,
    progress: Progress,
) -> None:
    seen: set[EventKey] = set()
    done = 0
    for chunk in _chunks(source, tenant, set(state.skip)):
        with scoped_session(principal) as session:
            subjects = _existing(session, {h for _, _, h in chunk})
            stored = _stored_events(session, subjects)
            grants = earliest_grants(session, [s.id for s in subjects.values()])
        for number, d, key in chunk:
            subject = subjects.get(key)
            found = []
            if subject is not None and subject.subject_type != d.subject_type:
                found.append(("subject_type", f"this subject is recorded as a {subject.subject_type}"))
            stored_grant = grants.get((subject.id, d.purpose)) if subject else None
            first = min(filter(None, [stored_grant, state.first_grants.get((key, d.purpose))]), default=None)
            found += withdrawal_problems(d, first)
            event_key = (key, d.purpose, d.status, d.captured_at)
            if found:
                report.errors += [RowError(number, c, m) for c, m in found]
            elif event_key in stored or event_key in seen:
                report.duplicates += 1
                state.skip.add(number)
            else:
                state.new_events += 1
            seen.add(event_key)
        done += len(chunk)
        progress(done, "checking the ledger")


def _write(
    session: Session,
    principal: Principal,
    source: Path | bytes,
    tenant: Tenant,
    skip: set[int],
    progress: Progress,
) -> int:
    written = 0
    for chunk in _chunks(source, tenant, skip):
        subjects = {h: s.id for h, s in _existing(session, {h for _, _, h in chunk}).items()}
        new = {h: d for _, d, h in chunk if h not in subjects}
        if new:
            rows = [
                {
                    "tenant_id": tenant.id,
                    "ref_hmac": h,
                    "ref_encrypted": pseudonyms.encrypt(d.subject_ref),
                    "subject_type": d.subject_type,
                    "date_of_birth": d.date_of_birth,
                }
                for h, d in new.items()
            ]
            session.exec(insert(ConsentSubject), params=rows)
            subjects |= {h: s.id for h, s in _existing(session, set(new)).items()}
        session.exec(insert(ConsentEvent), params=[
            {"tenant_id": tenant.id, "subject_id": subjects[h], "purpose": d.purpose, "status": d.status,
             "captured_at": d.captured_at, "method": d.method, "notice_version": d.notice_version,
             "recorded_by": principal.actor, "evidence_sha256": d.evidence_sha256,
             "guardian_encrypted": pseudonyms.encrypt(d.guardian_ref) if d.guardian_ref else None,
             "jurisdiction": d.jurisdiction}
            for _, d, h in chunk
        ])  # fmt: skip
        written += len(chunk)
        progress(written, "writing")
    return written


def _sha256(source: Path | bytes) -> str:
    if isinstance(source, bytes):
        return hashlib.sha256(source).hexdigest()
    digest = hashlib.sha256()
    with source.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_consents(
    principal: Principal,
    tenant_slug: str,
    source: Path | bytes,
    progress: Progress | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Validate every row, then write all new events or none (`dry_run`: count, write nothing).
    Raises UnreadableFile (exit 2) for a file that cannot be used at all."""
    progress = progress or (lambda _done, _stage: None)
    with scoped_session(principal) as session:
        tenant = session.exec(select(Tenant).where(Tenant.slug == tenant_slug)).first()
    if tenant is None:
        raise UnreadableFile(f"Unknown tenant '{tenant_slug}'.")
    principal.require(Permission.CONSENT_WRITE, tenant.id)
    rules, report = tenant_rules(principal, tenant.id), ImportReport()
    state = _pass_one(source, tenant, rules, report, progress)
    _pass_two(principal, source, tenant, state, report, progress)
    if report.errors:
        report.errors.sort(key=lambda e: e.row)
        return report
    if dry_run:
        report.imported = state.new_events
        return report
    with scoped_session(principal) as session:
        report.imported = _write(session, principal, source, tenant, state.skip, progress)
        if report.imported:
            digest = _sha256(source)
            audit.record(
                session,
                principal,
                "consent.import",
                ("Import", digest[:16]),
                tenant.id,
                after={"file_sha256": digest, "imported": report.imported, "duplicates": report.duplicates},
            )
    return report
