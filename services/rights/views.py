"""A rights request as pages and the CLI show it: stored fields plus computed deadlines."""

from dataclasses import dataclass
from datetime import date, timedelta

from models import RightsRequest, Tenant
from models.vocabulary import CLOSED_STATUSES
from services.rights import deadlines
from services.rights.rules import Jurisdiction, RequestType


@dataclass(frozen=True)
class RequestView:
    id: int
    tenant_id: int
    tenant_slug: str
    external_ref: str
    request_type: str
    jurisdictions: list[str]
    subject_type: str
    received_on: date
    status: str
    extended: bool
    extension_reason: str | None
    assignee: str | None
    notes: str | None
    outcome: str | None
    closed_on: date | None
    due_date: date
    deciding_law: str
    source: str
    extension_notice_due: date | None
    acknowledge_by: date | None
    internal_target: date
    not_statutory_under: list[str]
    as_of: date

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    @property
    def days_left(self) -> int | None:
        return (self.due_date - self.as_of).days if self.is_open else None

    @property
    def overdue(self) -> bool:
        return self.is_open and self.as_of > self.due_date

    @property
    def can_extend(self) -> bool:
        return (
            self.is_open
            and not self.extended
            and self.extension_notice_due is not None
            and self.as_of <= self.extension_notice_due
        )

    def as_json(self) -> dict[str, object]:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {
            "external_ref": self.external_ref,
            "request_type": self.request_type,
            "jurisdictions": self.jurisdictions,
            "subject_type": self.subject_type,
            "received_at": iso(self.received_on),
            "due_date": iso(self.due_date),
            "deciding_law": self.deciding_law,
            "source": self.source,
            "status": self.status,
            "extended": self.extended,
            "overdue": self.overdue,
            "days_left": self.days_left,
            "extension_notice_due": iso(self.extension_notice_due),
            "acknowledge_by": iso(self.acknowledge_by),
            "internal_target": iso(self.internal_target),
            "closed_at": iso(self.closed_on),
            "assignee": self.assignee,
        }


def deadline_of(row: RightsRequest, calendar_code: str | None) -> deadlines.Deadline:
    return deadlines.compute(
        row.received_on,
        RequestType(row.request_type),
        [Jurisdiction(j) for j in row.jurisdictions],
        row.extended,
        calendar_code,
    )


def view_of(row: RightsRequest, tenant: Tenant, as_of: date, target_days: int) -> RequestView:
    """`target_days`: the processor's own target, days before the legal due date (a DPA term)."""
    deadline = deadline_of(row, tenant.holiday_calendar)
    slug = tenant.slug
    return RequestView(
        id=row.id,
        tenant_id=row.tenant_id,
        tenant_slug=slug,
        external_ref=row.external_ref,
        request_type=row.request_type,
        jurisdictions=list(row.jurisdictions),
        subject_type=row.subject_type,
        received_on=row.received_on,
        status=row.status,
        extended=row.extended,
        extension_reason=row.extension_reason,
        assignee=row.assignee,
        notes=row.notes,
        outcome=row.outcome,
        closed_on=row.closed_on,
        due_date=deadline.due_date,
        deciding_law=deadline.deciding_law,
        source=deadline.source,
        extension_notice_due=deadline.extension_notice_due,
        acknowledge_by=deadline.acknowledge_by,
        internal_target=deadline.due_date - timedelta(days=target_days),
        not_statutory_under=[str(j) for j in deadline.not_statutory_under],
        as_of=as_of,
    )
