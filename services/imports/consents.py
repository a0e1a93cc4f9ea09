"""`consents import`: three streaming passes over the file; no row is kept, only `_FileState`
(about 0.25 KB per subject and row: 100,000 rows add some 25 MB).
1. parse and check each row on its own; note each subject's type and first grant per purpose;
2. against the ledger, in chunks: withdrawals need an earlier grant; identical events are duplicates;
3. only when no row is invalid: write every new subject and event in one transaction."""

import hashlib
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session, insert, select

from models import ConsentEvent, ConsentSubject, Tenant
from services.consent import pseudonyms
from services.consent.ledger import among, as_utc, custom_plans, earliest_grants, known_birth, tenant_rules
from services.consent.rules import (
    ConsentStatus,
    EventDraft,
    TenantRules,
    static_problems,
    withdrawal_problems,
)
from services.imports import values
from services.imports.csv_file import read_rows
from services.imports.report import ImportReport, RowError
from services.imports.target import audit_import, tenant_by_slug
from services.permissions import Permission
from services.principal import Principal
from services.scoping import scoped_session

REQUIRED = ["subject_ref", "subject_type", "purpose", "status", "captured_at", "method", "notice_version"]
OPTIONAL = ["evidence_sha256", "date_of_birth", "guardian_ref", "jurisdiction"]
CHUNK = 5000
Progress = Callable[[int, str], None]  # (rows done in this pass, pass name)
EventKey = tuple[str, str, str, datetime]  # (subject hmac, purpose, status, captured_at)


def _compact(key: str) -> bytes:
    """Half the subject's HMAC as 16 bytes: tells a file's subjects apart in a third of the
    memory of the 64-character text (the state below holds one per subject)."""
    return bytes.fromhex(key[:32])


def _digest(key: str, d: EventDraft) -> bytes:
    """16 bytes standing for (subject, purpose, status, time), to spot repeated rows in a file."""
    text = f"{key}\x1f{d.purpose}\x1f{d.status}\x1f{d.captured_at.isoformat()}"
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


@dataclass
class _FileState:
    """What pass 1 learns, kept compact: per subject its type (and birth date, first grant per
    purpose), and the numbers of the rows to skip. Subjects are keyed by `_compact` HMACs."""

    subject_types: dict[bytes, str] = field(default_factory=dict)
    first_grants: dict[tuple[bytes, str], datetime] = field(default_factory=dict)
    births: dict[bytes, date] = field(default_factory=dict)  # subjects whose rows give a birth date
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
    except OverflowError:  # e.g. 0001-01-01 east of UTC: no such instant in UTC
        errors.append(("captured_at", f"'{fields['captured_at']}' is out of range"))
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
            key = _compact(pseudonyms.ref_hmac(tenant.id, draft.subject_ref))
            known = state.subject_types.setdefault(key, sys.intern(draft.subject_type))
            born = state.births.setdefault(key, draft.date_of_birth) if draft.date_of_birth else None
            if known != draft.subject_type:
                found = [("subject_type", f"this subject is a {known} in an earlier row")]
            elif born != draft.date_of_birth:
                found = [("date_of_birth", f"this subject was born on {born.isoformat()} in an earlier row")]
            elif draft.status == ConsentStatus.GRANTED:
                grant = state.first_grants.get((key, draft.purpose))
                purpose = sys.intern(draft.purpose)
                state.first_grants[(key, purpose)] = min(grant or draft.captured_at, draft.captured_at)
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


def _existing(session: Session, tenant_id: int, keys: set[str]) -> dict[str, ConsentSubject]:
    # The tenant in the filter lets PostgreSQL use the (tenant_id, ref_hmac) index; without it,
    # each chunk compared every subject with every key (most of a 100,000-row import's time).
    query = select(ConsentSubject).where(
        ConsentSubject.tenant_id == tenant_id, among(session, ConsentSubject.ref_hmac, keys)
    )
    return {s.ref_hmac: s for s in session.exec(query).all()}


def _stored_events(session: Session, tenant_id: int, subjects: dict[str, ConsentSubject]) -> set[EventKey]:
    by_id = {s.id: h for h, s in subjects.items()}
    query = select(
        ConsentEvent.subject_id, ConsentEvent.purpose, ConsentEvent.status, ConsentEvent.captured_at
    ).where(ConsentEvent.tenant_id == tenant_id, among(session, ConsentEvent.subject_id, list(by_id)))
    return {(by_id[s], p, st, as_utc(t)) for s, p, st, t in session.exec(query).all()}


def _pass_two(
    principal: Principal,
    source: Path | bytes,
    tenant: Tenant,
    rules: TenantRules,
    state: _FileState,
    report: ImportReport,
    progress: Progress,
) -> None:
    seen: set[bytes] = set()  # the file's valid rows so far, as `_digest`s
    done = 0
    for chunk in _chunks(source, tenant, set(state.skip)):
        with scoped_session(principal) as session:
            custom_plans(session)
            subjects = _existing(session, tenant.id, {h for _, _, h in chunk})
            stored = _stored_events(session, tenant.id, subjects)
            grants = earliest_grants(session, tenant.id, [s.id for s in subjects.values()])
        for number, d, key in chunk:
            subject, compact = subjects.get(key), _compact(key)
            found = []
            if subject is not None and subject.subject_type != d.subject_type:
                found.append(("subject_type", f"this subject is recorded as a {subject.subject_type}"))
            # A row without a birth date still gets the child rule when the file or ledger knows it.
            born, conflict = known_birth(subject and subject.date_of_birth, state.births.get(compact))
            if conflict and d.date_of_birth:
                found.append(("date_of_birth", conflict))
            elif born != d.date_of_birth:
                found += static_problems(replace(d, date_of_birth=born), rules)
            stored_grant = grants.get((subject.id, d.purpose)) if subject else None
            in_file = state.first_grants.get((compact, d.purpose))
            first = min(filter(None, [stored_grant, in_file]), default=None)
            found += withdrawal_problems(d, first)
            digest = _digest(key, d)
            if found:
                report.errors += [RowError(number, c, m) for c, m in found]
            elif (key, d.purpose, d.status, d.captured_at) in stored or digest in seen:
                report.duplicates += 1
                state.skip.add(number)
            else:
                state.new_events += 1
            seen.add(digest)
        done += len(chunk)
        progress(done, "checking the ledger")


def _write(
    session: Session,
    principal: Principal,
    source: Path | bytes,
    tenant: Tenant,
    state: _FileState,
    progress: Progress,
) -> int:
    written = 0
    for chunk in _chunks(source, tenant, state.skip):
        existing = _existing(session, tenant.id, {h for _, _, h in chunk})
        for h, s in existing.items():
            if s.date_of_birth is None and _compact(h) in state.births:
                s.date_of_birth = state.births[_compact(h)]  # learnt from the file, for later events
                session.add(s)
        subjects = {h: s.id for h, s in existing.items()}
        new = {h: d for _, d, h in chunk if h not in subjects}
        if new:
            rows = [
                {
                    "tenant_id": tenant.id,
                    "ref_hmac": h,
                    "ref_encrypted": pseudonyms.encrypt(d.subject_ref),
                    "subject_type": d.subject_type,
                    "date_of_birth": state.births.get(_compact(h)),
                }
                for h, d in new.items()
            ]
            session.exec(insert(ConsentSubject).execution_options(render_nulls=True), params=rows)
            subjects |= {h: s.id for h, s in _existing(session, tenant.id, set(new)).items()}
        # render_nulls: every row names the same columns, so a chunk goes to the database as one
        # batch; without it the ORM splits batches wherever the optional columns switch between
        # empty and filled (PostgreSQL: one round trip per row for a file of mixed rows).
        session.exec(insert(ConsentEvent).execution_options(render_nulls=True), params=[
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
        tenant = tenant_by_slug(session, tenant_slug)
    principal.require(Permission.CONSENT_WRITE, tenant.id)
    rules, report = tenant_rules(principal, tenant.id), ImportReport()
    state = _pass_one(source, tenant, rules, report, progress)
    _pass_two(principal, source, tenant, rules, state, report, progress)
    if report.errors:
        report.errors.sort(key=lambda e: e.row)
        return report
    if dry_run:
        report.imported = state.new_events
        return report
    with scoped_session(principal) as session:
        custom_plans(session)
        report.imported = _write(session, principal, source, tenant, state, progress)
        if report.imported:
            audit_import(session, principal, "consent.import", tenant.id, source, report)
    return report
