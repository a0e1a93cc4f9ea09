"""Tenants: creation rules and what each role sees."""

import pytest

from services import tenants
from services.errors import InvalidInput, PermissionDenied
from services.tenants import TenantDraft
from tests.factories import SYSTEM, make_member, make_tenant

GOOD = TenantDraft("st-marys", "St Mary's Hospital", "gb", "Europe/London", ["UK-GDPR"], ["healthcare"])


def test_platform_admin_creates_a_tenant(db: str) -> None:
    platform = make_member(None, "platform_admin")
    created = tenants.create_tenant(platform, GOOD)
    assert (created.slug, created.country, created.laws, created.member_count) == (
        "st-marys",
        "GB",
        ["UK-GDPR"],
        0,
    )
    assert [t.slug for t in tenants.list_tenants(platform)] == ["st-marys"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("slug", "St Marys", "not a valid slug"),
        ("slug", "-x", "not a valid slug"),
        ("legal_name", "  ", "Legal name is required"),
        ("country", "GBR", "two-letter"),
        ("time_zone", "Mars/Olympus", "IANA time zone"),
        ("laws", ["GDPR", "EU-AI-ACT"], "Unknown law"),
        ("services", [], "at least one service"),
        ("services", ["payroll"], "Unknown service"),
    ],
)
def test_invalid_tenant_is_refused(db: str, field: str, value: object, message: str) -> None:
    draft = TenantDraft(**(GOOD.__dict__ | {field: value}))
    with pytest.raises(InvalidInput, match=message):
        tenants.create_tenant(SYSTEM, draft)
    assert tenants.list_tenants(SYSTEM) == []


def test_duplicate_slug_is_refused(db: str) -> None:
    tenants.create_tenant(SYSTEM, GOOD)
    with pytest.raises(InvalidInput, match="already exists"):
        tenants.create_tenant(SYSTEM, GOOD)


@pytest.mark.parametrize("role", ["client_admin", "account_manager"])
def test_tenant_roles_cannot_create_tenants(db: str, role: str) -> None:
    alpha = make_tenant("alpha")
    with pytest.raises(PermissionDenied):
        tenants.create_tenant(make_member(alpha.id, role), GOOD)


def test_executive_cannot_create_tenants(db: str) -> None:
    with pytest.raises(PermissionDenied):
        tenants.create_tenant(make_member(None, "executive"), GOOD)


def test_member_count_counts_people(db: str) -> None:
    alpha = make_tenant("alpha")
    make_member(alpha.id, "client_admin", "a@alpha.example")
    make_member(alpha.id, "client_viewer", "a@alpha.example")
    make_member(alpha.id, "client_viewer", "b@alpha.example")
    assert tenants.get_tenant(SYSTEM, alpha.id).member_count == 2


def test_holiday_calendar_is_checked(db: str) -> None:
    created = tenants.create_tenant(SYSTEM, TenantDraft(**(GOOD.__dict__ | {"holiday_calendar": "gb-eng"})))
    assert created.slug == "st-marys"
    with pytest.raises(InvalidInput, match="holiday calendar"):
        tenants.create_tenant(
            SYSTEM, TenantDraft(**(GOOD.__dict__ | {"slug": "x", "holiday_calendar": "ZZ"}))
        )


def test_member_count_leaves_out_processor_staff(db: str) -> None:
    alpha = make_tenant("alpha")
    make_member(alpha.id, "client_admin")
    make_member(alpha.id, "account_manager")
    assert tenants.get_tenant(SYSTEM, alpha.id).member_count == 1
