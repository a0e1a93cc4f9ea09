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
    AGREEMENTS_READ = "agreements:read"
    AGREEMENTS_WRITE = "agreements:write"
    INSTRUCTIONS_READ = "instructions:read"
    INSTRUCTIONS_WRITE = "instructions:write"
    INSTRUCTIONS_FLAG = "instructions:write-flag"
    DPA_STATUS_READ = "dpa-status:read"
    ROPA_READ = "ropa:read"
    CONSENT_READ = "consent:read"
    CONSENT_WRITE = "consent:write"

    @property
    def writes(self) -> bool:
        return self.value.split(":", 1)[1].startswith("write")


_EVERYONE = frozenset(
    {
        Permission.TENANT_READ,
        Permission.REQUESTS_READ,
        Permission.METRICS_READ,
        Permission.AGREEMENTS_READ,
        Permission.INSTRUCTIONS_READ,
    }
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLIENT_ADMIN: _EVERYONE | {
        Permission.MEMBERS_READ, Permission.MEMBERS_WRITE, Permission.AUDIT_READ,
        Permission.REQUESTS_WRITE, Permission.AGREEMENTS_WRITE, Permission.INSTRUCTIONS_WRITE,
        Permission.ROPA_READ, Permission.CONSENT_READ, Permission.CONSENT_WRITE,
    },
    Role.CLIENT_VIEWER: _EVERYONE,
    Role.ACCOUNT_MANAGER: _EVERYONE | {
        Permission.AGREEMENTS_WRITE, Permission.INSTRUCTIONS_FLAG, Permission.DPA_STATUS_READ,
    },
    Role.EXECUTIVE: _EVERYONE | {Permission.DPA_STATUS_READ, Permission.ROPA_READ},
    # Subject-level consent records stay with the client: no processor role reads them.
    Role.PLATFORM_ADMIN: frozenset(Permission) - {Permission.CONSENT_READ, Permission.CONSENT_WRITE},
}  # fmt: skip


def role_grants(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def role_writes(role: Role) -> bool:
    """Whether the role holds any write permission at all (executives and viewers do not)."""
    return any(p.writes for p in ROLE_PERMISSIONS[role])
