"""Who is acting, and on which tenants: resolved from the database on every run."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlmodel import select

from models import Membership, User
from models.vocabulary import CLIENT_ROLES, PROCESSOR_WIDE_ROLES, Role
from services.errors import PermissionDenied
from services.permissions import Permission, role_grants, role_writes
from services.scoping import unscoped_session


@dataclass(frozen=True)
class Principal:
    """An acting user (or the system) with roles per tenant and processor-wide roles."""

    actor: str
    name: str
    user_id: int | None = None
    tenant_roles: Mapping[int, frozenset[Role]] = field(default_factory=dict)
    global_roles: frozenset[Role] = frozenset()
    is_system: bool = False

    @classmethod
    def system(cls, actor: str = "system:cli") -> "Principal":
        """The operator at the command line, seeds and jobs: every permission everywhere."""
        return cls(actor=actor, name="System", global_roles=frozenset({Role.PLATFORM_ADMIN}), is_system=True)

    @property
    def roles(self) -> frozenset[Role]:
        return self.global_roles.union(*self.tenant_roles.values())

    @property
    def is_client_user(self) -> bool:
        """Holds only client roles: works inside their own organisation."""
        return bool(self.roles) and self.roles <= CLIENT_ROLES

    @property
    def sees_all_tenants(self) -> bool:
        return bool(self.global_roles & PROCESSOR_WIDE_ROLES)

    @property
    def writes_all_tenants(self) -> bool:
        return any(role_writes(r) for r in self.global_roles)

    @property
    def tenant_ids(self) -> frozenset[int]:
        """Tenants held by membership (processor-wide roles see all, see `sees_all_tenants`)."""
        return frozenset(self.tenant_roles)

    @property
    def writable_tenant_ids(self) -> frozenset[int]:
        return frozenset(t for t, roles in self.tenant_roles.items() if any(map(role_writes, roles)))

    def roles_at(self, tenant_id: int | None) -> frozenset[Role]:
        if tenant_id is None:
            return self.global_roles
        return self.global_roles | self.tenant_roles.get(tenant_id, frozenset())

    def can(self, permission: Permission, tenant_id: int | None = None) -> bool:
        """Whether a role held at `tenant_id` (None: processor-wide) grants `permission`."""
        return self.is_system or any(role_grants(r, permission) for r in self.roles_at(tenant_id))

    def can_anywhere(self, permission: Permission) -> bool:
        return self.is_system or any(role_grants(r, permission) for r in self.roles)

    def may_write(self, tenant_id: int | None) -> bool:
        return self.writes_all_tenants or tenant_id in self.writable_tenant_ids

    def require(self, permission: Permission, tenant_id: int | None = None) -> None:
        if not self.can(permission, tenant_id):
            where = "processor-wide" if tenant_id is None else f"at tenant {tenant_id}"
            raise PermissionDenied(f"{self.actor} may not do '{permission}' {where}.")

    def require_scope(self, permission: Permission, tenant_id: int | None) -> None:
        """At one tenant, or (None) across every tenant the principal sees, where the
        permission must be held somewhere (scoping then limits the rows to those tenants)."""
        if tenant_id is not None:
            self.require(permission, tenant_id)
        elif not self.can_anywhere(permission):
            raise PermissionDenied(f"{self.actor} may not do '{permission}' anywhere.")


def principal_for_email(email: str) -> Principal | None:
    """The principal for a login, or None when the email has no membership."""
    with unscoped_session("resolve the login's memberships") as session:
        user = session.exec(select(User).where(User.email == email.strip().lower())).first()
        if user is None:
            return None
        user_id, actor, name = user.id, user.email, user.name
        held = session.exec(
            select(Membership.tenant_id, Membership.role).where(Membership.user_id == user_id)
        ).all()
    if not held:
        return None
    tenant_roles: dict[int, set[Role]] = {}
    global_roles: set[Role] = set()
    for tenant_id, role in held:
        if tenant_id is None:
            global_roles.add(Role(role))
        else:
            tenant_roles.setdefault(tenant_id, set()).add(Role(role))
    return Principal(
        actor=actor,
        name=name,
        user_id=user_id,
        tenant_roles={t: frozenset(r) for t, r in tenant_roles.items()},
        global_roles=frozenset(global_roles),
    )
