"""Instruction sets per tenant and service: drafts, approval (four eyes where possible),
immutability of approved versions."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func
from sqlmodel import Session, select

from models import InstructionFlag, InstructionSet, Membership, Tenant
from models.base import utcnow
from models.vocabulary import Role, Service
from services import audit, validation
from services.errors import InvalidInput, NotFound
from services.instructions.schema import EMPTY, InstructionContent, problems
from services.permissions import Permission
from services.principal import Principal
from services.scoping import scoped_session


@dataclass(frozen=True)
class InstructionView:
    id: int
    tenant_id: int
    service: str
    version: int
    status: str
    content: dict[str, Any]
    based_on_version: int | None
    author: str
    approved_by: str | None
    approved_at: datetime | None
    open_flags: int

    @property
    def label(self) -> str:
        return f"{self.service} v{self.version} ({self.status})"


def _view(row: InstructionSet, open_flags: int = 0) -> InstructionView:
    return InstructionView(
        row.id,
        row.tenant_id,
        row.service,
        row.version,
        row.status,
        row.content,
        row.based_on_version,
        row.author,
        row.approved_by,
        row.approved_at,
        open_flags,
    )


def validate_content(content: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """The content in canonical form, or InvalidInput naming every problem with its path."""
    try:
        return InstructionContent.model_validate(content).model_dump(mode="json")
    except ValidationError as error:
        raise InvalidInput("; ".join(f"{p}: {m}" for p, m in problems(error, prefix))) from None


def _open_flags(session: Session, ids: list[int]) -> dict[int, int]:
    query = (
        select(InstructionFlag.instruction_set_id, func.count())
        .where(InstructionFlag.instruction_set_id.in_(ids), InstructionFlag.resolved_at.is_(None))
        .group_by(InstructionFlag.instruction_set_id)
    )
    return dict(session.exec(query).all())


def list_versions(principal: Principal, tenant_id: int, service: str | None = None) -> list[InstructionView]:
    """Every version of the tenant's instructions, newest first per service."""
    principal.require(Permission.INSTRUCTIONS_READ, tenant_id)
    query = select(InstructionSet).where(InstructionSet.tenant_id == tenant_id)
    if service:
        query = query.where(InstructionSet.service == service)
    with scoped_session(principal) as session:
        rows = session.exec(query.order_by(InstructionSet.service, InstructionSet.version.desc())).all()
        flags = _open_flags(session, [r.id for r in rows])
        return [_view(r, flags.get(r.id, 0)) for r in rows]


def current_approved(session: Session, tenant_id: int, service: str) -> InstructionSet | None:
    query = (
        select(InstructionSet)
        .where(
            InstructionSet.tenant_id == tenant_id,
            InstructionSet.service == service,
            InstructionSet.status == "approved",
        )
        .order_by(InstructionSet.version.desc())
    )
    return session.exec(query).first()


def open_draft(session: Session, tenant_id: int, service: str) -> InstructionSet | None:
    """The one unapproved version of a service's instructions, if any."""
    query = select(InstructionSet).where(
        InstructionSet.tenant_id == tenant_id,
        InstructionSet.service == service,
        InstructionSet.status == "draft",
    )
    return session.exec(query).first()


def next_version(session: Session, tenant_id: int, service: str) -> int:
    query = select(func.max(InstructionSet.version)).where(
        InstructionSet.tenant_id == tenant_id, InstructionSet.service == service
    )
    return (session.exec(query).one() or 0) + 1


def _tenant_buys(session: Session, tenant_id: int, service: str) -> None:
    tenant = session.get(Tenant, tenant_id)
    if tenant is None:
        raise NotFound(f"No tenant with id {tenant_id}.")
    if service not in tenant.services:
        raise InvalidInput(f"{tenant.slug} does not buy the {service} service.")


def put_draft(
    session: Session, principal: Principal, tenant_id: int, service: str, clean: dict[str, Any]
) -> InstructionSet:
    """Create or replace the open draft with validated content, audited, in the caller's transaction."""
    draft = open_draft(session, tenant_id, service)
    before = audit.snapshot(draft)
    if draft is None:
        approved = current_approved(session, tenant_id, service)
        draft = InstructionSet(
            tenant_id=tenant_id,
            service=service,
            version=next_version(session, tenant_id, service),
            content=clean,
            based_on_version=approved.version if approved else None,
            author=principal.actor,
        )
    draft.content, draft.author = clean, principal.actor
    session.add(draft)
    action = "instructions.draft" if before is None else "instructions.edit"
    audit.record(session, principal, action, draft, tenant_id, before=before, after=audit.snapshot(draft))
    return draft


def save_draft(
    principal: Principal, tenant_id: int, service: str, content: dict[str, Any]
) -> InstructionView:
    """Create or replace the one open draft for a service (validated, audited)."""
    principal.require(Permission.INSTRUCTIONS_WRITE, tenant_id)
    service = validation.choice(service, Service, "service")
    clean = validate_content(content)
    with scoped_session(principal) as session:
        _tenant_buys(session, tenant_id, service)
        return _view(put_draft(session, principal, tenant_id, service, clean))


def starting_content(principal: Principal, tenant_id: int, service: str) -> dict[str, Any]:
    """What a new draft starts from: the open draft, else the approved version, else empty."""
    principal.require(Permission.INSTRUCTIONS_READ, tenant_id)
    with scoped_session(principal) as session:
        found = open_draft(session, tenant_id, service) or current_approved(session, tenant_id, service)
        return dict(found.content) if found else dict(EMPTY)


def four_eyes_refuses(session: Session, principal: Principal, tenant_id: int, author: str) -> bool:
    """With two or more client admins, nobody approves what they wrote. The system (an
    operator applying a reviewed configuration file) is not a client admin."""
    if principal.is_system or author != principal.actor:
        return False
    query = select(func.count()).where(
        Membership.tenant_id == tenant_id, Membership.role == Role.CLIENT_ADMIN
    )
    return session.exec(query).one() >= 2


def approve_row(session: Session, principal: Principal, row: InstructionSet) -> InstructionSet:
    """Approve a draft in the caller's transaction, audited."""
    if row.status != "draft":
        raise InvalidInput(f"Version {row.version} is already approved; start a new draft to change it.")
    if four_eyes_refuses(session, principal, row.tenant_id, row.author):
        raise InvalidInput("Four eyes: another client admin must approve the draft you wrote.")
    before = audit.snapshot(row)
    row.status, row.approved_by, row.approved_at = "approved", principal.actor, utcnow()
    session.add(row)
    audit.record(
        session,
        principal,
        "instructions.approve",
        row,
        row.tenant_id,
        before=before,
        after=audit.snapshot(row),
    )
    return row


def approve(principal: Principal, set_id: int) -> InstructionView:
    """Approve a draft. Where the tenant has two or more client admins, not its author."""
    with scoped_session(principal) as session:
        row = session.exec(select(InstructionSet).where(InstructionSet.id == set_id)).first()
        if row is None:
            raise NotFound(f"No instruction set {set_id} among the ones you may see.")
        principal.require(Permission.INSTRUCTIONS_WRITE, row.tenant_id)
        return _view(approve_row(session, principal, row))


def approved_purposes(principal: Principal, tenant_id: int) -> dict[str, dict[str, Any]]:
    """Every purpose in the tenant's current approved instructions, by slug."""
    principal.require(Permission.INSTRUCTIONS_READ, tenant_id)
    with scoped_session(principal) as session:
        tenant = session.get(Tenant, tenant_id)
        sets = [current_approved(session, tenant_id, s) for s in tenant.services] if tenant else []
        return {p["slug"]: p | {"service": s.service} for s in sets if s for p in s.content["purposes"]}
