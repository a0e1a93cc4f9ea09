"""A rights request as entered or imported, and the rules it must meet before it is stored."""

from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from models.vocabulary import CLOSED_STATUSES, RequestStatus, SubjectType
from services.errors import InvalidInput
from services.rights import deadlines
from services.rights.rules import Jurisdiction, RequestType

MAX_REF = 100


@dataclass(frozen=True)
class RequestDraft:
    external_ref: str
    request_type: str
    jurisdictions: list[str]
    subject_type: str
    received_on: date
    status: str = RequestStatus.RECEIVED
    extended: bool = False
    closed_on: date | None = None
    assignee: str | None = None
    notes: str | None = None


def local_today(time_zone: str) -> date:
    return datetime.now(ZoneInfo(time_zone)).date()


def local_date(value: date | datetime, time_zone: str) -> date:
    """The calendar date in the tenant's zone; naive datetimes are taken as local already."""
    if isinstance(value, datetime):
        return value.astimezone(ZoneInfo(time_zone)).date() if value.tzinfo else value.date()
    return value


def _vocabulary_problems(draft: RequestDraft) -> list[tuple[str, str]]:
    problems = []
    if not draft.external_ref.strip():
        problems.append(("external_ref", "is required"))
    elif len(draft.external_ref) > MAX_REF:
        problems.append(("external_ref", f"is longer than {MAX_REF} characters"))
    checks = [
        ("request_type", [draft.request_type], RequestType),
        ("jurisdiction", draft.jurisdictions, Jurisdiction),
        ("subject_type", [draft.subject_type], SubjectType),
        ("status", [draft.status], RequestStatus),
    ]
    for column, values, vocabulary in checks:
        allowed = {v.value for v in vocabulary}
        bad = [v for v in values if v not in allowed]
        if bad or not values:
            shown = ", ".join(bad) or "(none)"
            problems.append((column, f"unknown value {shown} (allowed: {', '.join(sorted(allowed))})"))
    return problems


def _date_problems(draft: RequestDraft, today: date) -> list[tuple[str, str]]:
    problems = []
    if draft.received_on > today:
        problems.append(("received_at", f"{draft.received_on} is in the future"))
    closed = draft.status in CLOSED_STATUSES
    if closed and draft.closed_on is None:
        problems.append(("closed_at", f"is required for status {draft.status}"))
    if not closed and draft.closed_on is not None:
        problems.append(("closed_at", f"must be empty while the status is {draft.status}"))
    if draft.closed_on and draft.closed_on < draft.received_on:
        problems.append(("closed_at", "is before received_at"))
    if draft.closed_on and draft.closed_on > today:
        problems.append(("closed_at", f"{draft.closed_on} is in the future"))
    return problems


def problems(draft: RequestDraft, today: date, calendar_code: str | None) -> list[tuple[str, str]]:
    """Every rule the draft breaks, as (column, message); empty when it may be stored."""
    found = _vocabulary_problems(draft)
    if found:
        return found
    found = _date_problems(draft, today)
    try:
        deadline_for(draft, calendar_code)
    except InvalidInput as error:
        found.append(("extended", str(error)))
    return found


def deadline_for(draft: RequestDraft, calendar_code: str | None) -> deadlines.Deadline:
    laws = [Jurisdiction(j) for j in draft.jurisdictions]
    return deadlines.compute(
        draft.received_on, RequestType(draft.request_type), laws, draft.extended, calendar_code
    )


def normalised(draft: RequestDraft) -> RequestDraft:
    return replace(
        draft,
        external_ref=draft.external_ref.strip(),
        jurisdictions=list(dict.fromkeys(j.strip().upper() for j in draft.jurisdictions if j.strip())),
        request_type=draft.request_type.strip().lower(),
        subject_type=draft.subject_type.strip().lower(),
        status=draft.status.strip().lower(),
        assignee=(draft.assignee or "").strip().lower() or None,
        notes=(draft.notes or "").strip() or None,
    )


def require_valid(draft: RequestDraft, today: date, calendar_code: str | None) -> None:
    found = problems(draft, today, calendar_code)
    if found:
        raise InvalidInput("; ".join(f"{column}: {message}" for column, message in found))
