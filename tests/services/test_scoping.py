"""Tenant scoping: reads filtered, writes refused, no principal no query."""

import pytest
from sqlmodel import Session, select

from dashboard.db import get_engine
from models import AuditEvent, Membership, Tenant, User
from services import audit_log, members, tenants
from services.errors import NotFound, PermissionDenied, ScopeViolation
from services.scoping import scoped_session, unscoped_session
from tests.factories import login, make_member, make_tenant


def test_query_without_principal_is_refused(db: str) -> None:
    make_tenant("alpha")
    with Session(get_engine()) as session, pytest.raises(ScopeViolation):
        session.exec(select(Tenant)).all()


def test_scoped_session_needs_a_principal(db: str) -> None:
    with pytest.raises(ScopeViolation), scoped_session(None):  # type: ignore[arg-type]
        pass


def test_client_admin_reads_only_own_tenant_rows(db: str) -> None:
    alpha, beta = make_tenant("alpha"), make_tenant("beta")
    admin = make_member(alpha.id, "client_admin")
    make_member(beta.id, "client_admin", "b@beta.example")
    with scoped_session(admin) as session:
        assert session.exec(select(Tenant.slug)).all() == ["alpha"]
        assert {m.tenant_id for m in session.exec(select(Membership)).all()} == {alpha.id}
        assert session.exec(select(User).where(User.email == "b@beta.example")).first() is None
        assert all(e.tenant_id == alpha.id for e in session.exec(select(AuditEvent)).all())
        assert session.get(Tenant, beta.id) is None


def test_client_admin_cannot_read_other_tenant_through_services(db: str) -> None:
    alpha, beta = make_tenant("alpha"), make_tenant("beta")
    admin = make_member(alpha.id, "client_admin")
    assert [t.slug for t in tenants.list_tenants(admin)] == ["alpha"]
    with pytest.raises(PermissionDenied):
        tenants.get_tenant(admin, beta.id)
    with pytest.raises(PermissionDenied):
        members.list_members(admin, beta.id)
    with pytest.raises(PermissionDenied):
        audit_log.search_events(admin, audit_log.AuditFilter(tenant_id=beta.id))
    with pytest.raises(PermissionDenied):
        audit_log.search_events(admin, audit_log.AuditFilter(tenant_id=None))


def test_client_admin_cannot_write_other_tenant_through_services(db: str) -> None:
    alpha, beta = make_tenant("alpha"), make_tenant("beta")
    admin = make_member(alpha.id, "client_admin")
    other = make_member(beta.id, "client_viewer")
    with pytest.raises(PermissionDenied):
        members.add_member(admin, beta.id, "intruder@example.com", "client_admin")
    platform = make_member(None, "platform_admin")
    beta_membership = members.list_members(platform, beta.id)[0]
    with pytest.raises(NotFound):  # invisible rows look like missing rows
        members.remove_member(admin, beta_membership.membership_id)
    assert [m.email for m in members.list_members(platform, beta.id)] == [other.actor]


def test_write_to_another_tenant_raises_at_flush(db: str) -> None:
    alpha, beta = make_tenant("alpha"), make_tenant("beta")
    admin = make_member(alpha.id, "client_admin")
    with pytest.raises(ScopeViolation), scoped_session(admin) as session:
        session.add(Membership(user_id=admin.user_id, tenant_id=beta.id, role="client_admin"))
    with unscoped_session("test: check nothing was written") as session:
        rows = session.exec(select(Membership).where(Membership.tenant_id == beta.id)).all()
    assert rows == []


def test_moving_a_row_to_another_tenant_raises(db: str) -> None:
    alpha, beta = make_tenant("alpha"), make_tenant("beta")
    admin = make_member(alpha.id, "client_admin")
    with pytest.raises(ScopeViolation), scoped_session(admin) as session:
        membership = session.exec(select(Membership)).first()
        membership.tenant_id = beta.id


def test_executive_reads_all_but_writes_nothing(db: str) -> None:
    alpha, beta = make_tenant("alpha"), make_tenant("beta")
    executive = make_member(None, "executive")
    assert {t.slug for t in tenants.list_tenants(executive)} == {"alpha", "beta"}
    with pytest.raises(ScopeViolation), scoped_session(executive) as session:
        session.add(Membership(user_id=executive.user_id, tenant_id=alpha.id, role="client_admin"))
    with pytest.raises(PermissionDenied):
        members.add_member(executive, beta.id, "x@example.com", "client_viewer")


def test_bulk_update_is_limited_to_writable_tenants(db: str) -> None:
    from sqlmodel import update

    alpha, beta = make_tenant("alpha"), make_tenant("beta")
    admin = make_member(alpha.id, "client_admin")
    make_member(beta.id, "client_viewer")
    with scoped_session(admin) as session:
        session.exec(update(Membership).values(role="client_viewer"))
    with unscoped_session("test: read back every tenant") as session:
        roles = dict(session.exec(select(Membership.tenant_id, Membership.role)).all())
    assert roles == {alpha.id: "client_viewer", beta.id: "client_viewer"}
    with unscoped_session("test") as session:
        beta_roles = session.exec(select(Membership.role).where(Membership.tenant_id == beta.id)).all()
    assert beta_roles == ["client_viewer"]


def test_bulk_insert_into_another_tenant_raises(db: str) -> None:
    from sqlmodel import insert

    alpha, beta = make_tenant("alpha"), make_tenant("beta")
    admin = make_member(alpha.id, "client_admin")
    with pytest.raises(ScopeViolation), scoped_session(admin) as session:
        session.exec(
            insert(Membership), params=[{"user_id": admin.user_id, "tenant_id": beta.id, "role": "x"}]
        )


def test_account_manager_sees_assigned_tenants_only(db: str) -> None:
    alpha, beta, gamma = make_tenant("alpha"), make_tenant("beta"), make_tenant("gamma")
    manager = make_member(alpha.id, "account_manager", "am@example.com")
    make_member(beta.id, "account_manager", "am@example.com")
    manager = login("am@example.com")
    assert {t.slug for t in tenants.list_tenants(manager)} == {"alpha", "beta"}
    with pytest.raises(PermissionDenied):
        tenants.get_tenant(manager, gamma.id)
