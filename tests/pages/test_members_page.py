"""Members: client admins manage client roles of their tenant; platform admins also create
tenants and grant processor roles. Every change goes through the services."""

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.context import ACTIVE_TENANT_KEY
from services import members, outbox, tenants
from services.tenants import tenant_id_for_slug
from tests.factories import SYSTEM, login, make_member
from tests.pages.apptest import (
    ACCOUNT_MANAGER,
    CLIENT_ADMIN,
    CLIENT_VIEWER,
    LEGAL_NAMES,
    NORTHWIND_ADMIN,
    PLATFORM_ADMIN,
    audit_events,
    choose_client,
    messages,
    open_page,
    page_text,
    table,
)

NEW_VIEWER = "new.viewer@acme-manufacturing.example"


def add_member(at: AppTest, email: str, name: str, role: str) -> AppTest:
    at.text_input(key="member_email").input(email)
    at.text_input(key="member_name").input(name)
    at.selectbox(key="member_role").select(role)
    return at.button(key="add_member_submit").click().run()


def create_tenant(at: AppTest, slug: str, legal_name: str, country: str) -> AppTest:
    at.text_input(key="tenant_slug").input(slug)
    at.text_input(key="tenant_legal_name").input(legal_name)
    at.text_input(key="tenant_country").input(country)
    at.selectbox(key="tenant_time_zone").select("Europe/London")
    at.multiselect(key="tenant_laws").select("UK-GDPR")
    at.multiselect(key="tenant_services").select("healthcare")
    return at.button(key="create_tenant_submit").click().run()


def acme_id() -> int:
    return tenant_id_for_slug(SYSTEM, "acme-manufacturing")


def test_client_admin_sees_own_tenant_members_only(demo: str) -> None:
    at = open_page(CLIENT_ADMIN, "Members")
    shown = table(at, "email", "name", "role")
    assert set(shown["email"]) == {CLIENT_ADMIN, "am@smartnex.example"}
    text = page_text(at)
    assert "northwind-health.example" not in text
    assert [n for s, n in LEGAL_NAMES.items() if s != "acme-manufacturing" and n in text] == []


def test_client_admin_is_offered_only_client_roles(demo: str) -> None:
    at = open_page(CLIENT_ADMIN, "Members")
    assert at.selectbox(key="member_role").options == ["Client admin", "Client viewer"]
    with_processor_controls = [w.key for w in (*at.text_input, *at.selectbox)]
    assert "tenant_slug" not in with_processor_controls
    assert "members_scope" not in with_processor_controls


def test_client_admin_adds_a_viewer_who_gets_a_welcome_email(demo: str) -> None:
    at = add_member(open_page(CLIENT_ADMIN, "Members"), NEW_VIEWER, "Nia Viewer", "client_viewer")
    assert not at.exception
    assert messages(at.success) == [f"Added {NEW_VIEWER} as Client viewer; a welcome email is queued."]
    shown = table(at, "email", "name", "role")
    assert shown[shown["email"] == NEW_VIEWER][["name", "role"]].values.tolist() == [
        ["Nia Viewer", "Client viewer"]
    ]
    queued = [m for m in outbox.list_outbox(login(PLATFORM_ADMIN)) if m.to_email == NEW_VIEWER]
    assert [(m.kind, m.status) for m in queued] == [("welcome", "pending")]
    [event] = [e for e in audit_events("member.add", CLIENT_ADMIN)]
    assert event.tenant == "acme-manufacturing"
    assert login(NEW_VIEWER).roles_at(acme_id()) == {"client_viewer"}


def test_a_bad_email_shows_an_error_and_writes_nothing(demo: str) -> None:
    at = open_page(CLIENT_ADMIN, "Members")
    before = table(at, "email", "name", "role")
    at = add_member(at, "not-an-email", "Nobody", "client_viewer")
    assert not at.exception
    assert messages(at.error) == ["'not-an-email' is not a valid email address."]
    assert not at.success
    assert table(at, "email", "name", "role").equals(before)
    assert outbox.list_outbox(login(PLATFORM_ADMIN)) == []
    assert audit_events("member.add", CLIENT_ADMIN) == []


def test_adding_an_existing_membership_shows_an_error(demo: str) -> None:
    at = add_member(open_page(CLIENT_ADMIN, "Members"), CLIENT_ADMIN, "", "client_admin")
    assert "already holds the role client_admin" in messages(at.error)[0]
    assert audit_events("member.add", CLIENT_ADMIN) == []


def test_client_admin_removes_a_member(demo: str) -> None:
    make_member(acme_id(), "client_viewer", "leaver@acme-manufacturing.example")
    [leaver] = [r for r in members.list_members(SYSTEM, acme_id()) if r.email.startswith("leaver@")]
    at = open_page(CLIENT_ADMIN, "Members")
    at.selectbox(key="remove_member_choice").select(leaver.membership_id)
    at.button(key="remove_member_submit").click().run()
    assert not at.exception
    assert messages(at.success) == [f"Removed {leaver.email} (Client viewer)."]
    assert leaver.email not in set(table(at, "email", "name", "role")["email"])
    assert leaver.email not in {r.email for r in members.list_members(SYSTEM, acme_id())}
    [event] = audit_events("member.remove", CLIENT_ADMIN)
    assert event.tenant == "acme-manufacturing"


def test_client_admin_may_remove_only_client_roles_and_never_themselves(demo: str) -> None:
    make_member(acme_id(), "client_viewer", "leaver@acme-manufacturing.example")
    at = open_page(CLIENT_ADMIN, "Members")
    # The account manager is listed but is the platform admins' to remove.
    assert at.selectbox(key="remove_member_choice").options == [
        "leaver@acme-manufacturing.example (Client viewer)"
    ]


def test_platform_admin_in_the_portfolio_manages_processor_staff(demo: str) -> None:
    at = open_page(PLATFORM_ADMIN, "Members")
    with pytest.raises(KeyError):  # the sidebar's client switcher chooses the scope
        at.selectbox(key="members_scope")
    assert at.selectbox(key="member_role").options == ["Executive", "Platform admin"]
    assert set(table(at, "email", "name", "role")["email"]) == {"exec@smartnex.example", PLATFORM_ADMIN}
    assert "Smartnex staff with processor-wide roles" in page_text(at)


def test_platform_admin_with_a_client_chosen_manages_its_members(demo: str) -> None:
    at = open_page(PLATFORM_ADMIN, "Members", client="northwind-health")
    assert at.selectbox(key="member_role").options == ["Client admin", "Client viewer", "Account manager"]
    shown = set(table(at, "email", "name", "role")["email"])
    assert shown == {NORTHWIND_ADMIN, CLIENT_VIEWER, ACCOUNT_MANAGER}
    at = add_member(at, "new.admin@northwind-health.example", "Nora", "client_admin")
    assert messages(at.success) == [
        "Added new.admin@northwind-health.example as Client admin; a welcome email is queued."
    ]
    northwind = tenant_id_for_slug(SYSTEM, "northwind-health")
    assert login("new.admin@northwind-health.example").roles_at(northwind) == {"client_admin"}
    [event] = audit_events("member.add", PLATFORM_ADMIN)
    assert event.tenant == "northwind-health"


def test_client_admin_choosing_a_client_they_only_view_may_not_manage_it(demo: str) -> None:
    make_member(tenant_id_for_slug(SYSTEM, "rhein-klinik"), "client_viewer", CLIENT_ADMIN)
    at = open_page(CLIENT_ADMIN, "Members", client="rhein-klinik")
    assert not at.dataframe
    assert "not an administrator of this tenant" in messages(at.info)[0]
    with pytest.raises(KeyError):
        at.text_input(key="member_email")


def test_platform_admin_creates_a_tenant(demo: str) -> None:
    at = create_tenant(open_page(PLATFORM_ADMIN, "Members"), "st-marys", "St Mary's Hospital", "gb")
    assert not at.exception
    assert messages(at.success) == ["Created tenant St Mary's Hospital (st-marys)."]
    created = [t for t in tenants.list_tenants(login(PLATFORM_ADMIN)) if t.slug == "st-marys"]
    assert [(t.country, t.time_zone, t.laws, t.services) for t in created] == [
        ("GB", "Europe/London", ["UK-GDPR"], ["healthcare"])
    ]
    assert "St Mary's Hospital" in at.selectbox(key=ACTIVE_TENANT_KEY).options
    assert len(audit_events("tenant.create", PLATFORM_ADMIN)) == 1


def test_duplicate_slug_shows_an_error(demo: str) -> None:
    at = create_tenant(open_page(PLATFORM_ADMIN, "Members"), "acme-manufacturing", "Acme Again", "US")
    assert messages(at.error) == ["A tenant with slug 'acme-manufacturing' already exists."]
    assert len(tenants.list_tenants(login(PLATFORM_ADMIN))) == 4
    assert audit_events("tenant.create", PLATFORM_ADMIN) == []


def test_invalid_country_shows_an_error(demo: str) -> None:
    at = create_tenant(open_page(PLATFORM_ADMIN, "Members"), "st-marys", "St Mary's Hospital", "1X")
    assert messages(at.error) == ["'1X' is not a two-letter ISO 3166 country code."]
    assert "st-marys" not in {t.slug for t in tenants.list_tenants(login(PLATFORM_ADMIN))}


def test_account_manager_who_administers_a_client_is_asked_to_choose_it(demo: str) -> None:
    make_member(tenant_id_for_slug(SYSTEM, "rhein-klinik"), "client_admin", ACCOUNT_MANAGER)
    at = open_page(ACCOUNT_MANAGER, "Members")  # the portfolio: no client chosen
    assert not at.error, messages(at.error)
    assert messages(at.info) == ["Choose a client you administer in the sidebar to see its members."]
    choose_client(at, "rhein-klinik")
    assert set(table(at, "email", "name", "role")["email"]) == {"admin@rhein-klinik.example", ACCOUNT_MANAGER}
    choose_client(at, "acme-manufacturing")  # managed, not administered
    assert "not an administrator of this tenant" in messages(at.info)[0]
