"""The rights-request register: list, create, update, extend and close, scoped and audited."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from sqlmodel import Session, select

from models import RightsRequest, Tenant
from models.vocabulary import CLOSED_STATUSES, RequestStatus
from services import audit, validation
from services.agreements.register import current_terms
from services.errors import InvalidInput, NotFound
from services.permissions import Permission
from services.principal import Principal
from services.rights import drafts
from services.rights.drafts import RequestDraft
from services.rights.views import RequestView, view_of
from services.scoping import scoped_session


@dataclass(frozen=True)
class RequestFilter:
    tenant_id: int | None = None  # None: every tenant the principal may see
    open_only: bool = False
    request_type: str | None = None
    status: str | None = None


def _target_days(session: Session, tenant_id: int) -> int:
    return current_terms(session, tenant_id).request_target_days


def _tenant(session: Session, tenant_id: int) -> Tenant:
    tenant = session.get(Tenant, tenant_id)
    if tenant is None:
        raise NotFound(f"No tenant with id {tenant_id}.")
    return tenant


def list_requests(principal: Principal, f: RequestFilter, as_of: date | None = None) -> list[RequestView]:
    """Requests by due date; `as_of` (default: each tenant's today) sets days left and overdue."""
    principal.require_scope(Permission.REQUESTS_READ, f.tenant_id)
    query = select(RightsRequest, Tenant).join(Tenant, Tenant.id == RightsRequest.tenant_id)
    if f.tenant_id is not None:
        query = query.where(RightsRequest.tenant_id == f.tenant_id)
    if f.open_only:
        query = query.where(RightsRequest.status.not_in([s.value for s in CLOSED_STATUSES]))
    if f.request_type:
        query = query.where(RightsRequest.request_type == f.request_type)
    if f.status:
        query = query.where(RightsRequest.status == f.status)
    with scoped_session(principal) as session:
        rows = session.exec(query.order_by(RightsRequest.due_date, RightsRequest.id)).all()
        targets = {t.id: _target_days(session, t.id) for t in {t.id: t for _, t in rows}.values()}
        return [view_of(r, t, as_of or drafts.local_today(t.time_zone), targets[t.id]) for r, t in rows]


def store_request(session: Session, tenant: Tenant, draft: RequestDraft) -> RightsRequest:
    """Add a validated draft with its computed due date (the caller audits)."""
    deadline = drafts.deadline_for(draft, tenant.holiday_calendar)
    row = RightsRequest(
        tenant_id=tenant.id,
        external_ref=draft.external_ref,
        request_type=draft.request_type,
        jurisdictions=draft.jurisdictions,
        subject_type=draft.subject_type,
        received_on=draft.received_on,
        status=draft.status,
        extended=draft.extended,
        closed_on=draft.closed_on,
        assignee=draft.assignee,
        notes=draft.notes,
        due_date=deadline.due_date,
        deciding_law=deadline.deciding_law,
    )
    session.add(row)
    return row


def create_request(principal: Principal, tenant_id: int, draft: RequestDraft) -> RequestView:
    principal.require(Permission.REQUESTS_WRITE, tenant_id)
    draft = drafts.normalised(draft)
    if draft.assignee:
        validation.email(draft.assignee)
    with scoped_session(principal) as session:
        tenant = _tenant(session, tenant_id)
        today = drafts.local_today(tenant.time_zone)
        drafts.require_valid(draft, today, tenant.holiday_calendar)
        taken = select(RightsRequest.id).where(
            RightsRequest.tenant_id == tenant_id, RightsRequest.external_ref == draft.external_ref
        )
        if session.exec(taken).first():
            raise InvalidInput(f"A request with reference '{draft.external_ref}' already exists.")
        row = store_request(session, tenant, draft)
        audit.record(session, principal, "request.create", row, tenant_id, after=audit.snapshot(row))
        return view_of(row, tenant, today, _target_days(session, tenant.id))


Change = Callable[[RightsRequest, RequestView, date], None]


def _change(principal: Principal, request_id: int, action: str, change: Change) -> RequestView:
    """Load a request the principal may write, apply `change`, recompute the deadline, audit."""
    with scoped_session(principal) as session:
        found = session.exec(
            select(RightsRequest, Tenant).join(Tenant).where(RightsRequest.id == request_id)
        ).first()
        if found is None:
            raise NotFound(f"No request {request_id} among the ones you may see.")
        row, tenant = found
        principal.require(Permission.REQUESTS_WRITE, row.tenant_id)
        today = drafts.local_today(tenant.time_zone)
        before = audit.snapshot(row)
        change(row, view_of(row, tenant, today, _target_days(session, tenant.id)), today)
        deadline = drafts.deadline_for(_as_draft(row), tenant.holiday_calendar)
        row.due_date, row.deciding_law = deadline.due_date, deadline.deciding_law
        session.add(row)
        audit.record(session, principal, action, row, row.tenant_id, before=before, after=audit.snapshot(row))
        return view_of(row, tenant, today, _target_days(session, tenant.id))


def _as_draft(row: RightsRequest) -> RequestDraft:
    return RequestDraft(
        row.external_ref,
        row.request_type,
        list(row.jurisdictions),
        row.subject_type,
        row.received_on,
        row.status,
        row.extended,
        row.closed_on,
        row.assignee,
        row.notes,
    )


def extend_request(principal: Principal, request_id: int, reason: str) -> RequestView:
    """Move the due date to the law's extended deadline, recording why."""
    reason = validation.text(reason, "The reason for the extension", 1000)

    def extend(row: RightsRequest, view: RequestView, today: date) -> None:
        if not view.is_open:
            raise InvalidInput("A closed request cannot be extended.")
        if view.extended:
            raise InvalidInput("The request is already extended; a law allows one extension.")
        if view.extension_notice_due is None:
            raise InvalidInput(
                f"{view.deciding_law} sets the deadline and allows no extension ({view.source})."
            )
        if today > view.extension_notice_due:
            raise InvalidInput(
                f"Too late: the extension had to be notified by {view.extension_notice_due} ({view.source})."
            )
        row.extended, row.extension_reason, row.status = True, reason, RequestStatus.EXTENDED

    return _change(principal, request_id, "request.extend", extend)


def update_request(
    principal: Principal, request_id: int, status: str, assignee: str | None, notes: str | None
) -> RequestView:
    """Change an open request's working status, assignee or notes."""
    status_ = validation.choice(status, RequestStatus, "status")
    if status_ in CLOSED_STATUSES:
        raise InvalidInput("Use close to complete, refuse or withdraw a request.")
    assignee_ = validation.email(assignee) if assignee and assignee.strip() else None

    def update(row: RightsRequest, view: RequestView, _today: date) -> None:
        if not view.is_open:
            raise InvalidInput("A closed request cannot be changed.")
        if status_ == RequestStatus.EXTENDED and not row.extended:
            raise InvalidInput("Use extend to extend a request; it records the reason.")
        row.status, row.assignee, row.notes = status_, assignee_, (notes or "").strip() or None

    return _change(principal, request_id, "request.update", update)


def close_request(
    principal: Principal, request_id: int, status: str, outcome: str, closed_on: date
) -> RequestView:
    """Complete, refuse or withdraw a request, with its outcome and date."""
    status_ = validation.choice(status, RequestStatus, "status")
    if status_ not in CLOSED_STATUSES:
        raise InvalidInput("A request is closed as completed, refused or withdrawn.")
    outcome_ = validation.text(outcome, "Outcome", 1000)

    def close(row: RightsRequest, view: RequestView, today: date) -> None:
        if not view.is_open:
            raise InvalidInput("The request is already closed.")
        changed = replace(_as_draft(row), status=status_, closed_on=closed_on)
        drafts.require_valid(changed, today, None)
        row.status, row.closed_on, row.outcome = status_, closed_on, outcome_

    return _change(principal, request_id, "request.close", close)
