"""The one table that maps roles to permissions."""

from enum import StrEnum

from models.vocabulary import Role


class Permission(StrEnum):
    TENANT_READ = "tenant:read"
    MEMBERS_READ = "members:read"
    MEMBERS_WRITE = "members:write"
    MEMBERS_WRITE_ANY_ROLE = "members:write-any-role"
    TENANTS_WRITE = "tenants:write"
    AUDIT_READ = "audit:read"
    OUTBOX_READ = "outbox:read"
    REQUESTS_READ = "requests:read"
    REQUESTS_WRITE = "requests:write"
    METRICS_READ = "metrics:read"

    @property
    def writes(self) -> bool:
        return self.value.split(":", 1)[1].startswith("write")


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLIENT_ADMIN: frozenset(
        {
            Permission.TENANT_READ,
            Permission.MEMBERS_READ,
            Permission.MEMBERS_WRITE,
            Permission.AUDIT_READ,
            Permission.REQUESTS_READ,
            Permission.REQUESTS_WRITE,
            Permission.METRICS_READ,
        }
    ),
    Role.CLIENT_VIEWER: frozenset(
        {Permission.TENANT_READ, Permission.REQUESTS_READ, Permission.METRICS_READ}
    ),
    Role.ACCOUNT_MANAGER: frozenset(
        {Permission.TENANT_READ, Permission.REQUESTS_READ, Permission.METRICS_READ}
    ),
    Role.EXECUTIVE: frozenset({Permission.TENANT_READ, Permission.REQUESTS_READ, Permission.METRICS_READ}),
    Role.PLATFORM_ADMIN: frozenset(Permission),
}


def role_grants(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def role_writes(role: Role) -> bool:
    """Whether the role holds any write permission at all (executives and viewers do not)."""
    return any(p.writes for p in ROLE_PERMISSIONS[role])
