"""The processor's record of processing (GDPR Art. 30(2)), built from live data: who the
processor and each controller are, what is processed for each controller under its current
approved instructions, transfers to third countries, subprocessors and security measures."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from models import Agreement, InstructionSet, Membership, Processor, Tenant, User
from models.base import utcnow
from models.vocabulary import Role
from services.agreements.terms import AgreementKind, AgreementStatus
from services.errors import NotFound
from services.instructions.versions import current_approved
from services.permissions import Permission
from services.principal import Principal
from services.scoping import scoped_session

# Art. 30(2)(d) with Art. 32(1): a general description, true of DPA Desk as it runs.
SECURITY_MEASURES: tuple[tuple[str, str], ...] = (
    ("Encryption in transit", "Traffic to the application, the identity provider, the email provider "
     "and the database travels over TLS."),
    ("Encryption at rest", "The database, its backups and stored signed agreements sit on "
     "encrypted storage."),
    ("Tenant isolation", "Every database query is filtered, in one place, to the controllers the "
     "user may see, and a query without a known user is refused: each controller's data is "
     "visible only to its own people and the processor staff assigned to it."),
    ("Access control", "Login through single sign-on (OpenID Connect); no passwords are stored. "
     "Roles map to permissions in one table, and memberships are checked on every page load, so "
     "removing access takes effect at once."),
    ("Audit log", "Every change and every login is recorded with who, when, and the values before "
     "and after, in an append-only log chained by SHA-256 hashes that can be verified at any time."),
    ("Control of instructions", "Processing follows the controller's documented instructions; an "
     "approved version cannot be changed, approval needs a second client admin where the controller "
     "has two, and an instruction that may infringe the law is flagged to the controller at once."),
    ("Backups", "The database is backed up regularly to encrypted storage, and restores are tested."),
    ("Incident response", "A documented procedure for personal-data breaches: contain, assess, and "
     "notify the controller within the window agreed in its DPA (shown for each controller here)."),
    ("Confidentiality of staff", "Everyone authorised to process personal data is bound to "
     "confidentiality and trained in data protection; access is granted per role, least privilege."),
)  # fmt: skip


@dataclass(frozen=True)
class ProcessorDetails:
    name: str
    address: str
    contact_email: str
    dpo_email: str


@dataclass(frozen=True)
class ProcessingPurpose:
    """One category of processing carried out for a controller (one instructed purpose)."""

    slug: str
    description: str
    legal_basis: str
    data_subjects: tuple[str, ...]
    data_categories: tuple[str, ...]
    special_category: bool
    operations: tuple[str, ...]


@dataclass(frozen=True)
class Transfer:
    country: str
    recipient: str
    safeguard: str


@dataclass(frozen=True)
class ServiceProcessing:
    """What one service processes under its current approved instructions (version None: none)."""

    service: str
    version: int | None = None
    approved_by: str | None = None
    approved_at: datetime | None = None
    purposes: tuple[ProcessingPurpose, ...] = ()
    transfers: tuple[Transfer, ...] = ()
    subprocessors: tuple[str, ...] = ()

    @property
    def approved(self) -> bool:
        return self.version is not None


@dataclass(frozen=True)
class ContractTerms:
    """The current signed DPA's terms, for context."""

    version: str
    signed_on: date | None
    governing_law: str
    breach_notice_hours: int
    subprocessor_authorisation: str
    subprocessor_notice_days: int
    end_of_contract: str


@dataclass(frozen=True)
class Controller:
    tenant_id: int
    slug: str
    legal_name: str
    country: str
    laws: tuple[str, ...]
    contacts: tuple[str, ...]  # the controller's client admins
    services: tuple[ServiceProcessing, ...]
    dpa: ContractTerms | None

    @property
    def purpose_count(self) -> int:
        return sum(len(s.purposes) for s in self.services)


@dataclass(frozen=True)
class Record:
    generated_at: datetime
    generated_by: str
    scope_slug: str | None  # the one controller asked for; None: every controller visible
    processor: ProcessorDetails
    controllers: tuple[Controller, ...]
    security_measures: tuple[tuple[str, str], ...] = SECURITY_MEASURES

    @property
    def scope_label(self) -> str:
        if self.scope_slug is None:
            return f"All clients ({len(self.controllers)})"
        return self.controllers[0].legal_name


def describe_dpa(dpa: ContractTerms | None) -> str:
    """The current DPA's terms in one sentence."""
    if dpa is None:
        return "Current DPA: none signed on record."
    end = "returned" if dpa.end_of_contract == "return" else "deleted"
    return (
        f"Current DPA: version {dpa.version}, signed {dpa.signed_on}, governed by {dpa.governing_law}. "
        f"Breaches are notified within {dpa.breach_notice_hours} hours; subprocessors have "
        f"{dpa.subprocessor_authorisation} authorisation with {dpa.subprocessor_notice_days} days' notice "
        f"of changes; at the end of the contract the data is {end}."
    )


def build_record(principal: Principal, tenant_id: int | None = None) -> Record:
    """The record for one controller, or (None) for every controller, which needs the
    permission processor-wide."""
    principal.require(Permission.ROPA_READ, tenant_id)
    with scoped_session(principal) as session:
        processor = _processor(session)
        tenants = _tenants(session, tenant_id)
        ids = [t.id for t in tenants]
        contacts, dpas = _contacts(session, ids), _current_dpas(session, ids)
        controllers = tuple(_controller(session, t, contacts.get(t.id, ()), dpas.get(t.id)) for t in tenants)
    scope = controllers[0].slug if tenant_id is not None else None
    return Record(utcnow(), principal.actor, scope, processor, controllers)


def _processor(session: Session) -> ProcessorDetails:
    row = session.get(Processor, 1)
    if row is None:
        raise NotFound("The processor's own name and contacts are not recorded, so there is no record yet.")
    return ProcessorDetails(row.name, row.address, row.contact_email, row.dpo_email)


def _tenants(session: Session, tenant_id: int | None) -> list[Tenant]:
    query = select(Tenant).order_by(Tenant.legal_name)
    if tenant_id is not None:
        query = query.where(Tenant.id == tenant_id)
    found = list(session.exec(query).all())
    if tenant_id is not None and not found:
        raise NotFound(f"No tenant with id {tenant_id}.")
    return found


def _contacts(session: Session, tenant_ids: list[int]) -> dict[int, tuple[str, ...]]:
    query = (
        select(Membership.tenant_id, User.email)
        .join(User, User.id == Membership.user_id)
        .where(Membership.tenant_id.in_(tenant_ids), Membership.role == Role.CLIENT_ADMIN)
        .order_by(User.email)
    )
    found: dict[int, tuple[str, ...]] = {}
    for tenant_id, email in session.exec(query).all():
        found[tenant_id] = (*found.get(tenant_id, ()), email)
    return found


def _current_dpas(session: Session, tenant_ids: list[int]) -> dict[int, ContractTerms]:
    query = select(Agreement).where(
        Agreement.tenant_id.in_(tenant_ids),
        Agreement.kind == AgreementKind.DPA,
        Agreement.status == AgreementStatus.SIGNED,
    )
    return {
        a.tenant_id: ContractTerms(
            a.version,
            a.signed_on,
            a.governing_law,
            a.breach_notice_hours,
            a.subprocessor_authorisation,
            a.subprocessor_notice_days,
            a.end_of_contract,
        )
        for a in session.exec(query).all()
    }


def _controller(
    session: Session, tenant: Tenant, contacts: tuple[str, ...], dpa: ContractTerms | None
) -> Controller:
    services = tuple(
        _service(service, current_approved(session, tenant.id, service))
        for service in sorted(tenant.services)
    )
    return Controller(
        tenant.id,
        tenant.slug,
        tenant.legal_name,
        tenant.country,
        tuple(tenant.laws),
        contacts,
        services,
        dpa,
    )


def _service(service: str, approved: InstructionSet | None) -> ServiceProcessing:
    if approved is None:
        return ServiceProcessing(service)
    content = approved.content
    return ServiceProcessing(
        service,
        approved.version,
        approved.approved_by,
        approved.approved_at,
        tuple(_purpose(p) for p in content.get("purposes", [])),
        tuple(Transfer(t["country"], t["recipient"], t["safeguard"]) for t in content.get("transfers", [])),
        tuple(content.get("subprocessors", [])),
    )


def _purpose(p: dict[str, Any]) -> ProcessingPurpose:
    return ProcessingPurpose(
        p["slug"],
        p.get("description", ""),
        p.get("legal_basis", ""),
        tuple(p.get("data_subjects", [])),
        tuple(p.get("data_categories", [])),
        bool(p.get("special_category")),
        tuple(p.get("operations", [])),
    )
