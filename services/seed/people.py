"""The demo processor, tenants and logins (the README lists the logins)."""

from dataclasses import dataclass

from sqlmodel import select

from models import Membership, Processor, Tenant, User
from models.vocabulary import Role
from services import audit, members, tenants
from services.principal import Principal
from services.scoping import scoped_session
from services.tenants import TenantDraft

PROCESSOR = Processor(
    name="Smartnex Technologies",
    address="4th Floor, 221 Harbour Street, Bengaluru 560001, India",
    contact_email="privacy@smartnex.example",
    dpo_email="dpo@smartnex.example",
)

TENANTS = [
    TenantDraft("northwind-health", "Northwind Health System, Inc.", "US", "America/Los_Angeles",
                ["HIPAA", "CCPA"], ["healthcare", "hrms"], holiday_calendar="US-CA"),
    TenantDraft("acme-manufacturing", "Acme Manufacturing Co.", "US", "America/Chicago",
                ["BIPA"], ["attendance", "hrms"], holiday_calendar="US-IL"),
    TenantDraft("rhein-klinik", "Rhein-Klinik Düsseldorf GmbH", "DE", "Europe/Berlin",
                ["GDPR"], ["healthcare"], holiday_calendar="DE-NW"),
    TenantDraft("pune-medicare", "Pune Medicare Hospitals Pvt. Ltd.", "IN", "Asia/Kolkata",
                ["DPDP"], ["healthcare", "attendance"], holiday_calendar="IN"),
]  # fmt: skip


@dataclass(frozen=True)
class DemoLogin:
    email: str
    name: str
    role: Role
    tenant: str | None  # slug; None for processor-wide roles


LOGINS = [
    DemoLogin("admin@northwind-health.example", "Dana Whitfield", Role.CLIENT_ADMIN, "northwind-health"),
    DemoLogin("viewer@northwind-health.example", "Marcus Lee", Role.CLIENT_VIEWER, "northwind-health"),
    DemoLogin("admin@acme-manufacturing.example", "Karen Kowalski", Role.CLIENT_ADMIN, "acme-manufacturing"),
    DemoLogin("admin@rhein-klinik.example", "Dr. Jonas Becker", Role.CLIENT_ADMIN, "rhein-klinik"),
    DemoLogin("admin@pune-medicare.example", "Anjali Deshpande", Role.CLIENT_ADMIN, "pune-medicare"),
    DemoLogin("am@smartnex.example", "Sam Ortiz", Role.ACCOUNT_MANAGER, "northwind-health"),
    DemoLogin("am@smartnex.example", "Sam Ortiz", Role.ACCOUNT_MANAGER, "acme-manufacturing"),
    DemoLogin("exec@smartnex.example", "Elena Petrova", Role.EXECUTIVE, None),
    DemoLogin("platform@smartnex.example", "Ravi Menon", Role.PLATFORM_ADMIN, None),
]


def seed_processor(system: Principal) -> int:
    with scoped_session(system) as session:
        if session.get(Processor, 1) is not None:
            return 0
        processor = Processor(**PROCESSOR.model_dump())
        session.add(processor)
        audit.record(session, system, "processor.create", processor, None, after=audit.snapshot(processor))
    return 1


def seed_tenants(system: Principal) -> tuple[dict[str, int], int]:
    """Create missing demo tenants; return every slug's id and how many were added."""
    with scoped_session(system) as session:
        ids = dict(session.exec(select(Tenant.slug, Tenant.id)).all())
    missing = [draft for draft in TENANTS if draft.slug not in ids]
    for draft in missing:
        ids[draft.slug] = tenants.create_tenant(system, draft).id
    return ids, len(missing)


def _has_membership(system: Principal, login: DemoLogin, tenant_id: int | None) -> bool:
    with scoped_session(system) as session:
        query = (
            select(Membership.id)
            .join(User)
            .where(
                User.email == login.email,
                Membership.role == login.role,
                Membership.tenant_id == tenant_id if tenant_id else Membership.tenant_id.is_(None),
            )
        )
        return session.exec(query).first() is not None


def seed_logins(system: Principal, tenant_ids: dict[str, int]) -> int:
    added = 0
    for login in LOGINS:
        tenant_id = tenant_ids[login.tenant] if login.tenant else None
        if not _has_membership(system, login, tenant_id):
            members.add_member(system, tenant_id, login.email, login.role, login.name, welcome=False)
            added += 1
    return added
