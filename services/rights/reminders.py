"""Reminder emails 7 days and 1 day before a request's due date, and once it is overdue.
Each (request, kind) is queued once: the unique key on RequestReminder guarantees it."""

from collections import defaultdict
from datetime import date, timedelta

from sqlmodel import Session, select

from models import Membership, RequestReminder, RightsRequest, Tenant, User
from models.vocabulary import CLOSED_STATUSES, Role
from services import audit, emails
from services.principal import Principal
from services.rights import drafts
from services.scoping import scoped_session

# Most urgent first: only the most urgent reminder that applies is sent.
KINDS = ("overdue", "due-1", "due-7")
RECIPIENT_ROLES = (Role.CLIENT_ADMIN, Role.ACCOUNT_MANAGER)


def kind_for(days_left: int) -> str | None:
    if days_left < 0:
        return "overdue"
    if days_left <= 1:
        return "due-1"
    return "due-7" if days_left <= 7 else None


def _recipients(session: Session) -> dict[int, list[str]]:
    query = (
        select(Membership.tenant_id, User.email)
        .join(User, User.id == Membership.user_id)
        .where(Membership.role.in_([r.value for r in RECIPIENT_ROLES]))
        .order_by(User.email)
    )
    found: dict[int, list[str]] = defaultdict(list)
    for tenant_id, email in session.exec(query).all():
        found[tenant_id].append(email)
    return found


def _text(request: RightsRequest, tenant: Tenant, kind: str, days_left: int) -> tuple[str, str]:
    when = {
        "overdue": f"is OVERDUE by {-days_left} days",
        "due-1": "is due tomorrow" if days_left else "is due today",
    }
    status = when.get(kind, f"is due in {days_left} days")
    subject = f"[{tenant.slug}] Rights request {request.external_ref} {status}"
    body = (
        f"The {request.request_type} request {request.external_ref} for {tenant.legal_name} {status}.\n"
        f"Received {request.received_on}; legal due date {request.due_date}"
        f" (set by {request.deciding_law}).\n"
        f"Status: {request.status}. Assignee: {request.assignee or 'nobody yet'}.\n\n"
        "Open DPA Desk, Rights requests, to act on it."
    )
    return subject, body


def _queue_for_tenant(session: Session, system: Principal, tenant: Tenant, as_of: date, to: list[str]) -> int:
    candidates = session.exec(
        select(RightsRequest).where(
            RightsRequest.tenant_id == tenant.id,
            RightsRequest.status.not_in([s.value for s in CLOSED_STATUSES]),
            RightsRequest.due_date <= as_of + timedelta(days=7),
        )
    ).all()
    sent = defaultdict(set)
    ids = [r.id for r in candidates]
    for request_id, kind in session.exec(
        select(RequestReminder.request_id, RequestReminder.kind).where(RequestReminder.request_id.in_(ids))
    ).all():
        sent[request_id].add(kind)
    queued = 0
    for request in candidates:
        days_left = (request.due_date - as_of).days
        kind = kind_for(days_left)
        if kind is None or set(KINDS[: KINDS.index(kind) + 1]) & sent[request.id]:
            continue  # already reminded at this urgency or a greater one
        reminder = RequestReminder(tenant_id=tenant.id, request_id=request.id, kind=kind)
        session.add(reminder)
        subject, body = _text(request, tenant, kind, days_left)
        for email in to:
            emails.enqueue(session, tenant.id, f"request-{kind}", email, subject, body)
        audit.record(session, system, "request.remind", request, tenant.id, after={"kind": kind, "to": to})
        queued += len(to)
    return queued


def queue_reminders(as_of: date | None = None) -> int:
    """Queue every reminder due as of `as_of` (default: each tenant's today); returns emails queued."""
    system = Principal.system("system:reminders")
    with scoped_session(system) as session:
        recipients = _recipients(session)
        tenants = session.exec(select(Tenant).order_by(Tenant.id)).all()
        return sum(
            _queue_for_tenant(
                session, system, t, as_of or drafts.local_today(t.time_zone), recipients.get(t.id, [])
            )
            for t in tenants
        )
