"""Members: who may grant which role where, validation, audit and the welcome email."""

import pytest

from services import members
from services.audit_log import AuditFilter, search_events
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.outbox import list_outbox
from tests.factories import SYSTEM, login, make_member, make_tenant


def test_client_admin_adds_client_roles_in_own_tenant(db: str) -> None:
    tenant = make_tenant("alpha")
    admin = make_member(tenant.id, "client_admin")
    row = members.add_member(admin, tenant.id, "  New.Person@Alpha.example ", "client_viewer", "New Person")
    assert (row.email, row.role, row.tenant_slug) == ("new.person@alpha.example", "client_viewer", "alpha")
    assert login("new.person@alpha.example").tenant_ids == {tenant.id}
    events, _ = search_events(admin, AuditFilter(tenant_id=tenant.id, action="member.add"))
    assert events[0].actor == admin.actor
    assert events[0].after["email"] == "new.person@alpha.example"
    welcome = [m for m in list_outbox(SYSTEM) if m.to_email == "new.person@alpha.example"]
    assert [m.subject for m in welcome] == ["Welcome to DPA Desk"]


@pytest.mark.parametrize("role", ["account_manager", "executive", "platform_admin"])
def test_client_admin_cannot_grant_processor_roles(db: str, role: str) -> None:
    tenant = make_tenant("alpha")
    admin = make_member(tenant.id, "client_admin")
    target = None if role in {"executive", "platform_admin"} else tenant.id
    with pytest.raises(PermissionDenied):
        members.add_member(admin, target, "x@example.com", role)


def test_client_viewer_cannot_add_members(db: str) -> None:
    tenant = make_tenant("alpha")
    viewer = make_member(tenant.id, "client_viewer")
    with pytest.raises(PermissionDenied):
        members.add_member(viewer, tenant.id, "x@example.com", "client_viewer")


def test_assignable_roles_follow_the_role_table(db: str) -> None:
    tenant = make_tenant("alpha")
    admin = make_member(tenant.id, "client_admin")
    platform = make_member(None, "platform_admin")
    assert members.assignable_roles(admin, tenant.id) == ["client_admin", "client_viewer"]
    assert members.assignable_roles(platform, tenant.id) == [
        "client_admin",
        "client_viewer",
        "account_manager",
    ]
    assert members.assignable_roles(platform, None) == ["executive", "platform_admin"]


@pytest.mark.parametrize(
    ("email", "role", "tenant", "message"),
    [
        ("not-an-email", "client_viewer", True, "not a valid email"),
        ("a@b.example", "owner", True, "Unknown role"),
        ("a@b.example", "executive", True, "processor-wide"),
        ("a@b.example", "client_admin", False, "held at a tenant"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(
    db: str, email: str, role: str, tenant: bool, message: str
) -> None:
    alpha = make_tenant("alpha")
    with pytest.raises(InvalidInput, match=message):
        members.add_member(SYSTEM, alpha.id if tenant else None, email, role)
    assert members.list_members(SYSTEM, alpha.id) == []
    assert list_outbox(SYSTEM) == []


def test_same_role_twice_is_refused(db: str) -> None:
    alpha = make_tenant("alpha")
    members.add_member(SYSTEM, alpha.id, "a@alpha.example", "client_viewer", welcome=False)
    with pytest.raises(InvalidInput, match="already holds"):
        members.add_member(SYSTEM, alpha.id, "A@alpha.example", "client_viewer")


def test_one_person_in_two_tenants_keeps_one_user(db: str) -> None:
    alpha, beta = make_tenant("alpha"), make_tenant("beta")
    members.add_member(SYSTEM, alpha.id, "consultant@example.com", "client_viewer", welcome=False)
    admin_b = make_member(beta.id, "client_admin")
    members.add_member(admin_b, beta.id, "consultant@example.com", "client_viewer", welcome=False)
    assert login("consultant@example.com").tenant_ids == {alpha.id, beta.id}


def test_remove_member_audited_and_not_self(db: str) -> None:
    alpha = make_tenant("alpha")
    admin = make_member(alpha.id, "client_admin")
    viewer = make_member(alpha.id, "client_viewer")
    rows = {r.email: r for r in members.list_members(admin, alpha.id)}
    with pytest.raises(InvalidInput, match="your own"):
        members.remove_member(admin, rows[admin.actor].membership_id)
    members.remove_member(admin, rows[viewer.actor].membership_id)
    assert [r.email for r in members.list_members(admin, alpha.id)] == [admin.actor]
    events, _ = search_events(admin, AuditFilter(tenant_id=alpha.id, action="member.remove"))
    assert events[0].before["email"] == viewer.actor
    with pytest.raises(NotFound):
        members.remove_member(admin, 99999)


def test_client_admin_cannot_remove_processor_roles(db: str) -> None:
    alpha = make_tenant("alpha")
    admin = make_member(alpha.id, "client_admin")
    make_member(alpha.id, "account_manager", "am@example.com")
    am_row = next(r for r in members.list_members(admin, alpha.id) if r.role == "account_manager")
    with pytest.raises(PermissionDenied):
        members.remove_member(admin, am_row.membership_id)
