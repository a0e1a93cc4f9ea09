"""Plain functions that make test data through the services (so it is audited too)."""

from uuid import uuid4

from services import members, tenants
from services.principal import Principal, principal_for_email
from services.tenants import TenantDraft, TenantFacts

SYSTEM = Principal.system("system:test")


def make_tenant(slug: str | None = None, laws: list[str] | None = None) -> TenantFacts:
    slug = slug or f"tenant-{uuid4().hex[:8]}"
    draft = TenantDraft(slug, f"{slug.title()} Ltd", "GB", "Europe/London", laws or ["UK-GDPR"], ["hrms"])
    return tenants.create_tenant(SYSTEM, draft)


def make_member(tenant_id: int | None, role: str, email: str | None = None) -> Principal:
    """Add a member and return their principal as a login would resolve it."""
    email = email or f"user-{uuid4().hex[:8]}@example.com"
    members.add_member(SYSTEM, tenant_id, email, role, welcome=False)
    principal = principal_for_email(email)
    assert principal is not None
    return principal


def login(email: str) -> Principal:
    principal = principal_for_email(email)
    assert principal is not None, email
    return principal
