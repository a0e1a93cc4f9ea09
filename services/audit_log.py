"""Reading the audit log: client admins see their tenant's events, platform admins all."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import select

from models import AuditEvent, Tenant
from services.permissions import Permission
from services.principal import Principal
from services.scoping import scoped_session

MAX_ROWS = 5000


@dataclass(frozen=True)
class AuditFilter:
    tenant_id: int | None = None  # None: every tenant and processor-wide events (platform admins)
    since: date | None = None
    until: date | None = None
    action: str | None = None
    actor: str | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    occurred_at: datetime
    actor: str
    tenant: str | None
    action: str
    entity_type: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    hash: str


def _require_read(principal: Principal, tenant_id: int | None) -> None:
    principal.require(Permission.AUDIT_READ, tenant_id)


def _where(query: Any, f: AuditFilter) -> Any:
    if f.tenant_id is not None:
        query = query.where(AuditEvent.tenant_id == f.tenant_id)
    if f.since:
        query = query.where(AuditEvent.occurred_at >= datetime.combine(f.since, time.min, UTC))
    if f.until:
        query = query.where(
            AuditEvent.occurred_at < datetime.combine(f.until + timedelta(days=1), time.min, UTC)
        )
    if f.action:
        query = query.where(AuditEvent.action == f.action)
    if f.actor:
        query = query.where(AuditEvent.actor.contains(f.actor.strip().lower(), autoescape=True))
    return query


def search_events(principal: Principal, f: AuditFilter) -> tuple[list[AuditRow], int]:
    """The newest matching events (at most MAX_ROWS) and how many match in all."""
    _require_read(principal, f.tenant_id)
    with scoped_session(principal) as session:
        total = session.exec(_where(select(func.count()).select_from(AuditEvent), f)).one()
        query = (
            _where(select(AuditEvent, Tenant.slug).outerjoin(Tenant, Tenant.id == AuditEvent.tenant_id), f)
            .order_by(AuditEvent.id.desc())
            .limit(MAX_ROWS)
        )
        rows = [
            AuditRow(
                e.id,
                e.occurred_at,
                e.actor,
                slug,
                e.action,
                e.entity_type,
                e.entity_id,
                e.before,
                e.after,
                e.hash,
            )
            for e, slug in session.exec(query).all()
        ]
    return rows, total


def actions(principal: Principal, tenant_id: int | None) -> list[str]:
    """The distinct actions recorded, for the filter."""
    _require_read(principal, tenant_id)
    with scoped_session(principal) as session:
        query = _where(select(AuditEvent.action).distinct(), AuditFilter(tenant_id=tenant_id))
        return sorted(session.exec(query.order_by(AuditEvent.action)).all())
