"""The register's actions: create, extend (with the law's limits), update, close; scoped."""

from datetime import date, timedelta

import pytest

from services.errors import InvalidInput, NotFound, PermissionDenied
from services.principal import Principal
from services.rights import register
from services.rights.drafts import RequestDraft, local_today
from tests.factories import SYSTEM, make_member, make_tenant


def recent(days_ago: int) -> date:
    return local_today("Europe/London") - timedelta(days=days_ago)


@pytest.fixture
def admin(db: str) -> tuple[Principal, int]:
    tenant = make_tenant("alpha")
    return make_member(tenant.id, "client_admin"), tenant.id


def test_create_computes_and_stores_the_deadline(admin: tuple[Principal, int]) -> None:
    principal, tenant_id = admin
    view = register.create_request(
        principal, tenant_id, RequestDraft("A-1", "access", ["uk-gdpr"], "employee", recent(3))
    )
    assert (view.deciding_law, view.jurisdictions, view.status) == ("UK-GDPR", ["UK-GDPR"], "received")
    assert view.internal_target == view.due_date - timedelta(days=5)
    with pytest.raises(InvalidInput, match="already exists"):
        register.create_request(
            principal, tenant_id, RequestDraft("A-1", "access", ["GDPR"], "employee", recent(1))
        )


def test_extend_moves_due_date_and_records_reason(admin: tuple[Principal, int]) -> None:
    principal, tenant_id = admin
    view = register.create_request(
        principal, tenant_id, RequestDraft("A-1", "access", ["GDPR"], "patient", recent(10))
    )
    with pytest.raises(InvalidInput, match="reason"):
        register.extend_request(principal, view.id, "  ")
    extended = register.extend_request(principal, view.id, "Records are spread over three hospitals.")
    assert extended.extended and extended.status == "extended"
    assert extended.due_date > view.due_date
    assert extended.extension_reason == "Records are spread over three hospitals."
    with pytest.raises(InvalidInput, match="already extended"):
        register.extend_request(principal, view.id, "again")


def test_law_without_extension_refuses(admin: tuple[Principal, int]) -> None:
    principal, tenant_id = admin
    view = register.create_request(
        principal, tenant_id, RequestDraft("D-1", "access", ["DPDP"], "patient", recent(2))
    )
    with pytest.raises(InvalidInput, match="allows no extension"):
        register.extend_request(principal, view.id, "busy")


def test_extension_after_the_first_period_is_refused(admin: tuple[Principal, int]) -> None:
    principal, tenant_id = admin
    view = register.create_request(
        principal, tenant_id, RequestDraft("C-1", "access", ["CCPA"], "patient", recent(50))
    )
    assert view.overdue
    with pytest.raises(InvalidInput, match="Too late"):
        register.extend_request(principal, view.id, "late")


def test_close_and_update_rules(admin: tuple[Principal, int]) -> None:
    principal, tenant_id = admin
    view = register.create_request(
        principal, tenant_id, RequestDraft("A-1", "deletion", ["GDPR"], "patient", recent(5))
    )
    updated = register.update_request(
        principal, view.id, "in_progress", "Case.Worker@alpha.example", "Called IT"
    )
    assert (updated.status, updated.assignee, updated.notes) == (
        "in_progress",
        "case.worker@alpha.example",
        "Called IT",
    )
    with pytest.raises(InvalidInput, match="before received"):
        register.close_request(principal, view.id, "completed", "Deleted", recent(6))
    closed = register.close_request(principal, view.id, "completed", "Deleted from all systems", recent(1))
    assert (closed.is_open, closed.days_left, closed.overdue) == (False, None, False)
    with pytest.raises(InvalidInput, match="already closed"):
        register.close_request(principal, view.id, "refused", "x", recent(1))
    with pytest.raises(InvalidInput, match="closed request cannot be changed"):
        register.update_request(principal, view.id, "verifying", None, None)


def test_viewer_reads_but_cannot_write(admin: tuple[Principal, int]) -> None:
    principal, tenant_id = admin
    view = register.create_request(
        principal, tenant_id, RequestDraft("A-1", "access", ["GDPR"], "patient", recent(5))
    )
    viewer = make_member(tenant_id, "client_viewer")
    assert [v.external_ref for v in register.list_requests(viewer, register.RequestFilter(tenant_id))] == [
        "A-1"
    ]
    with pytest.raises(PermissionDenied):
        register.extend_request(viewer, view.id, "reason")
    with pytest.raises(PermissionDenied):
        register.create_request(
            viewer, tenant_id, RequestDraft("A-2", "access", ["GDPR"], "patient", recent(1))
        )


def test_other_tenant_requests_are_invisible(admin: tuple[Principal, int]) -> None:
    principal, _ = admin
    beta = make_tenant("beta")
    other = register.create_request(
        SYSTEM, beta.id, RequestDraft("B-1", "access", ["GDPR"], "patient", recent(5))
    )
    assert register.list_requests(principal, register.RequestFilter()) == []
    with pytest.raises(PermissionDenied):
        register.list_requests(principal, register.RequestFilter(beta.id))
    with pytest.raises(NotFound):
        register.extend_request(principal, other.id, "reason")
