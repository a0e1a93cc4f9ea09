"""Memberships: who holds which role where. Client admins manage client roles in their
own tenant; platform admins manage any role anywhere."""

from dataclasses import dataclass

from sqlmodel import Session, select

from models import Membership, Tenant, User
from models.vocabulary import CLIENT_ROLES, PROCESSOR_WIDE_ROLES, Role
from services import audit, emails, validation
from services.errors import InvalidInput, NotFound
from services.permissions import Permission
from services.principal import Principal
from services.scoping import UNSCOPED_KEY, scoped_session


@dataclass(frozen=True)
class MemberRow:
    membership_id: int
    email: str
    name: str
    role: str
    tenant_id: int | None
    tenant_slug: str | None


def _write_permission(role: Role) -> Permission:
    return Permission.MEMBERS_WRITE if role in CLIENT_ROLES else Permission.MEMBERS_WRITE_ANY_ROLE


def assignable_roles(principal: Principal, tenant_id: int | None) -> list[Role]:
    """The roles the principal may grant at `tenant_id` (None: processor-wide)."""
    scope_ok = [r for r in Role if (r in PROCESSOR_WIDE_ROLES) == (tenant_id is None)]
    grant_at = lambda r: None if r not in CLIENT_ROLES else tenant_id  # noqa: E731
    return [r for r in scope_ok if principal.can(_write_permission(r), grant_at(r))]


def list_members(principal: Principal, tenant_id: int | None) -> list[MemberRow]:
    """Members of one tenant, or the processor-wide members when `tenant_id` is None."""
    if tenant_id is None:
        principal.require(Permission.MEMBERS_WRITE_ANY_ROLE)
    else:
        principal.require(Permission.MEMBERS_READ, tenant_id)
    with scoped_session(principal) as session:
        query = (
            select(Membership, User, Tenant.slug)
            .join(User, User.id == Membership.user_id)
            .outerjoin(Tenant, Tenant.id == Membership.tenant_id)
            .where(Membership.tenant_id == tenant_id if tenant_id else Membership.tenant_id.is_(None))
            .order_by(User.email, Membership.role)
        )
        return [
            MemberRow(m.id, u.email, u.name, m.role, m.tenant_id, slug)
            for m, u, slug in session.exec(query).all()
        ]


def _user_for(session: Session, email: str, name: str | None) -> User:
    # The same person may already be a member elsewhere, where this principal cannot see them.
    user = session.exec(
        select(User).where(User.email == email).execution_options(**{UNSCOPED_KEY: "match login email"})
    ).first()
    if user is None:
        user = User(email=email, name=validation.text(name or email.split("@")[0], "Name"))
        session.add(user)
        session.flush()
    return user


def add_member(
    principal: Principal,
    tenant_id: int | None,
    email: str,
    role: str,
    name: str | None = None,
    welcome: bool = True,
) -> MemberRow:
    """Grant `role` at `tenant_id` to the person with `email`, audited, with a welcome email."""
    role_ = validation.choice(role, Role, "role")
    email_ = validation.email(email)
    if (role_ in PROCESSOR_WIDE_ROLES) != (tenant_id is None):
        where = "processor-wide (no tenant)" if role_ in PROCESSOR_WIDE_ROLES else "held at a tenant"
        raise InvalidInput(f"The role {role_} is {where}.")
    principal.require(_write_permission(role_), tenant_id if role_ in CLIENT_ROLES else None)
    with scoped_session(principal) as session:
        tenant = session.get(Tenant, tenant_id) if tenant_id is not None else None
        if tenant_id is not None and tenant is None:
            raise NotFound(f"No tenant with id {tenant_id}.")
        user = _user_for(session, email_, name)
        duplicate = select(Membership.id).where(
            Membership.user_id == user.id,
            Membership.role == role_,
            Membership.tenant_id == tenant_id if tenant_id else Membership.tenant_id.is_(None),
        )
        if session.exec(duplicate).first():
            raise InvalidInput(f"{email_} already holds the role {role_} there.")
        membership = Membership(user_id=user.id, tenant_id=tenant_id, role=role_)
        session.add(membership)
        after = audit.snapshot(membership) | {"email": email_}
        audit.record(session, principal, "member.add", membership, tenant_id, after=after)
        where = tenant.legal_name if tenant else "Smartnex Technologies (processor-wide)"
        if welcome:
            emails.enqueue_welcome(session, tenant_id, email_, user.name, role_, where)
        return MemberRow(membership.id, email_, user.name, role_, tenant_id, tenant.slug if tenant else None)


def remove_member(principal: Principal, membership_id: int) -> None:
    """Remove one membership, audited. Nobody removes their own."""
    with scoped_session(principal) as session:
        membership = session.exec(select(Membership).where(Membership.id == membership_id)).first()
        if membership is None:
            raise NotFound(f"No membership {membership_id} among the ones you may see.")
        role = Role(membership.role)
        principal.require(_write_permission(role), membership.tenant_id if role in CLIENT_ROLES else None)
        if membership.user_id == principal.user_id:
            raise InvalidInput("You cannot remove your own membership; ask another administrator.")
        email = session.get(User, membership.user_id).email
        before = audit.snapshot(membership) | {"email": email}
        session.delete(membership)
        audit.record(session, principal, "member.remove", membership, membership.tenant_id, before=before)
