"""Tenants: the client organisations a principal may see, and creating new ones."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from models import Membership, Tenant
from models.vocabulary import CLIENT_ROLES, Law, Service
from services import audit, validation
from services.errors import InvalidInput, NotFound
from services.permissions import Permission
from services.principal import Principal
from services.rights.calendar import valid_calendar
from services.scoping import scoped_session

LAW_CHOICES = [law.value for law in Law]
SERVICE_CHOICES = [service.value for service in Service]


@dataclass(frozen=True)
class TenantFacts:
    id: int
    slug: str
    legal_name: str
    country: str
    time_zone: str
    laws: list[str]
    services: list[str]
    member_count: int
    created_at: datetime
    holiday_calendar: str | None


@dataclass(frozen=True)
class TenantDraft:
    slug: str
    legal_name: str
    country: str
    time_zone: str
    laws: list[str]
    services: list[str]
    holiday_calendar: str | None = None


def _facts(session: Session, tenant_ids: list[int] | None = None) -> list[TenantFacts]:
    members = (
        select(Membership.tenant_id, func.count(func.distinct(Membership.user_id)).label("n"))
        .where(Membership.role.in_([r.value for r in CLIENT_ROLES]))  # the client's own people
        .group_by(Membership.tenant_id)
        .subquery()
    )
    query = (
        select(Tenant, func.coalesce(members.c.n, 0))
        .outerjoin(members, members.c.tenant_id == Tenant.id)
        .order_by(Tenant.legal_name)
    )
    if tenant_ids is not None:
        query = query.where(Tenant.id.in_(tenant_ids))
    return [
        TenantFacts(
            id=t.id,
            slug=t.slug,
            legal_name=t.legal_name,
            country=t.country,
            time_zone=t.time_zone,
            laws=list(t.laws),
            services=list(t.services),
            member_count=n,
            created_at=t.created_at,
            holiday_calendar=t.holiday_calendar,
        )
        for t, n in session.exec(query).all()
    ]


def list_tenants(principal: Principal) -> list[TenantFacts]:
    """Every tenant the principal may see, by legal name."""
    principal.require_scope(Permission.TENANT_READ, None)
    with scoped_session(principal) as session:
        return _facts(session)


def get_tenant(principal: Principal, tenant_id: int) -> TenantFacts:
    principal.require(Permission.TENANT_READ, tenant_id)
    with scoped_session(principal) as session:
        found = _facts(session, [tenant_id])
    if not found:
        raise NotFound(f"No tenant with id {tenant_id}.")
    return found[0]


def tenant_id_for_slug(principal: Principal, slug: str) -> int:
    """The id of a tenant the principal may see, by slug."""
    with scoped_session(principal) as session:
        tenant_id = session.exec(select(Tenant.id).where(Tenant.slug == slug)).first()
    if tenant_id is None:
        raise NotFound(f"No tenant '{slug}'.")
    return tenant_id


def clean_draft(draft: TenantDraft) -> TenantDraft:
    if not draft.services:
        raise InvalidInput("Choose at least one service the tenant buys.")
    return TenantDraft(
        slug=validation.slug(draft.slug),
        legal_name=validation.text(draft.legal_name, "Legal name"),
        country=validation.country(draft.country),
        time_zone=validation.time_zone(draft.time_zone),
        laws=validation.choices(draft.laws, Law, "law"),
        services=validation.choices(draft.services, Service, "service"),
        holiday_calendar=_holiday_calendar(draft.holiday_calendar),
    )


def _holiday_calendar(code: str | None) -> str | None:
    cleaned = (code or "").strip().upper()
    if cleaned and not valid_calendar(cleaned):
        raise InvalidInput(f"'{code}' is not a holiday calendar: use a country code such as DE or DE-NW.")
    return cleaned or None


def create_tenant(principal: Principal, draft: TenantDraft) -> TenantFacts:
    """Create a tenant (platform admins only), audited."""
    principal.require(Permission.TENANTS_WRITE)
    clean = clean_draft(draft)
    with scoped_session(principal) as session:
        if session.exec(select(Tenant.id).where(Tenant.slug == clean.slug)).first():
            raise InvalidInput(f"A tenant with slug '{clean.slug}' already exists.")
        tenant = Tenant(**clean.__dict__)
        session.add(tenant)
        session.flush()  # the id, for the event's tenant and the snapshot
        audit.record(session, principal, "tenant.create", tenant, tenant.id, after=audit.snapshot(tenant))
        return _facts(session, [tenant.id])[0]
