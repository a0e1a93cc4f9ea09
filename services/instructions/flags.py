"""Art. 28(3), last sentence: the processor tells the controller at once when an instruction
appears to infringe the law. Client admins are emailed and see the flag until it is resolved."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from models import InstructionFlag, InstructionSet, Membership, Tenant, User
from models.base import utcnow
from models.vocabulary import Role
from services import audit, emails, validation
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.permissions import Permission
from services.principal import Principal
from services.scoping import scoped_session


@dataclass(frozen=True)
class FlagView:
    id: int
    tenant_id: int
    instruction_label: str
    note: str
    raised_by: str
    raised_at: datetime
    resolution: str | None
    resolved_by: str | None
    resolved_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


def _view(flag: InstructionFlag, row: InstructionSet) -> FlagView:
    return FlagView(
        flag.id,
        flag.tenant_id,
        f"{row.service} v{row.version}",
        flag.note,
        flag.raised_by,
        flag.raised_at,
        flag.resolution,
        flag.resolved_by,
        flag.resolved_at,
    )


def _client_admins(session: Session, tenant_id: int) -> list[str]:
    query = (
        select(User.email)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.tenant_id == tenant_id, Membership.role == Role.CLIENT_ADMIN)
        .order_by(User.email)
    )
    return list(session.exec(query).all())


def raise_flag(principal: Principal, set_id: int, note: str) -> FlagView:
    """Flag a version as possibly infringing; every client admin of the tenant is emailed."""
    note = validation.text(note, "The note", 2000)
    with scoped_session(principal) as session:
        row = session.exec(select(InstructionSet).where(InstructionSet.id == set_id)).first()
        if row is None:
            raise NotFound(f"No instruction set {set_id} among the ones you may see.")
        principal.require(Permission.INSTRUCTIONS_FLAG, row.tenant_id)
        flag = InstructionFlag(
            tenant_id=row.tenant_id, instruction_set_id=row.id, note=note, raised_by=principal.actor
        )
        session.add(flag)
        audit.record(session, principal, "instructions.flag", flag, row.tenant_id, after=audit.snapshot(flag))
        tenant = session.get(Tenant, row.tenant_id)
        body = (
            f"Smartnex Technologies considers that your processing instructions for {row.service} "
            f"(version {row.version}) may infringe data-protection law (GDPR Art. 28(3)).\n\n"
            f"Note from {principal.actor}:\n{note}\n\nReview the flag in DPA Desk, Instructions."
        )
        subject = f"[{tenant.slug}] Instruction {row.service} v{row.version} flagged as possibly unlawful"
        for email in _client_admins(session, row.tenant_id):
            emails.enqueue(session, row.tenant_id, "instruction-flag", email, subject, body)
        return _view(flag, row)


def resolve_flag(principal: Principal, flag_id: int, resolution: str) -> FlagView:
    """Close a flag with what was decided (the tenant's client admins or the processor)."""
    resolution = validation.text(resolution, "The resolution", 2000)
    with scoped_session(principal) as session:
        found = session.exec(
            select(InstructionFlag, InstructionSet).join(InstructionSet).where(InstructionFlag.id == flag_id)
        ).first()
        if found is None:
            raise NotFound(f"No flag {flag_id} among the ones you may see.")
        flag, row = found
        if not (
            principal.can(Permission.INSTRUCTIONS_WRITE, flag.tenant_id)
            or principal.can(Permission.INSTRUCTIONS_FLAG, flag.tenant_id)
        ):
            raise PermissionDenied(f"{principal.actor} may not resolve flags of this tenant.")
        if flag.resolved_at is not None:
            raise InvalidInput("The flag is already resolved.")
        before = audit.snapshot(flag)
        flag.resolution, flag.resolved_by, flag.resolved_at = resolution, principal.actor, utcnow()
        session.add(flag)
        audit.record(
            session,
            principal,
            "instructions.resolve-flag",
            flag,
            flag.tenant_id,
            before=before,
            after=audit.snapshot(flag),
        )
        return _view(flag, row)


def list_flags(principal: Principal, tenant_id: int, open_only: bool = False) -> list[FlagView]:
    principal.require(Permission.INSTRUCTIONS_READ, tenant_id)
    query = (
        select(InstructionFlag, InstructionSet)
        .join(InstructionSet)
        .where(InstructionFlag.tenant_id == tenant_id)
        .order_by(InstructionFlag.raised_at.desc())
    )
    if open_only:
        query = query.where(InstructionFlag.resolved_at.is_(None))
    with scoped_session(principal) as session:
        return [_view(f, r) for f, r in session.exec(query).all()]
