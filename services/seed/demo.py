"""Seed every demo concept in dependency order."""

from services.principal import Principal
from services.seed import people


def seed_demo() -> dict[str, int]:
    """Idempotent: what exists is left alone; returns how many rows each step added."""
    system = Principal.system("system:seed")
    processor = people.seed_processor(system)
    tenant_ids, tenants_added = people.seed_tenants(system)
    return {
        "processor": processor,
        "tenants": tenants_added,
        "memberships": people.seed_logins(system, tenant_ids),
    }
