"""Seed every demo concept in dependency order."""

from datetime import UTC, datetime, timedelta

from services.principal import Principal
from services.seed import consents, contracts, people, requests, volumes


def seed_demo(with_consents: bool = True) -> dict[str, int]:
    """Idempotent: what exists is left alone; returns how many rows each step added."""
    system = Principal.system("system:seed")
    yesterday = datetime.now(UTC).date() - timedelta(days=1)  # in no tenant's future
    processor = people.seed_processor(system)
    tenant_ids, tenants_added = people.seed_tenants(system)
    return {
        "processor": processor,
        "tenants": tenants_added,
        "memberships": people.seed_logins(system, tenant_ids),
        "agreements": contracts.seed_agreements(system, tenant_ids),
        "instruction_versions": contracts.seed_instructions(system, tenant_ids),
        "consent_events": consents.seed_consents(system, tenant_ids, yesterday) if with_consents else 0,
        "requests": requests.seed_requests(system, yesterday),
        "volumes": volumes.seed_volumes(system, yesterday),
    }
