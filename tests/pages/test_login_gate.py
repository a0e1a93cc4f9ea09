"""The login gate: no page without a login, no page without a membership, logins audited."""

from services import members
from services.tenants import tenant_id_for_slug
from tests.factories import SYSTEM, make_member, make_tenant
from tests.pages.apptest import (
    ACCOUNT_MANAGER,
    CLIENT_ADMIN,
    NO_AUTH_SECRETS,
    PAGE_FILES,
    audit_events,
    messages,
    offered_titles,
    open_app,
    titles_for_role,
)

STRANGER = "stranger@elsewhere.example"


def test_logged_out_user_sees_only_the_login_button(db: str) -> None:
    at = open_app(None)
    assert not at.exception
    assert at.button(key="login").label == "Log in with your company account"
    assert [b.key for b in at.button] == ["login"]
    assert messages(at.title) == ["DPA Desk"]
    assert offered_titles(at) == set()
    assert not at.sidebar.children


def test_logged_out_user_cannot_reach_any_page(demo: str) -> None:
    reached = {}
    for title, script in PAGE_FILES.items():
        at = open_app(None)
        # Before login there is no navigation; the switch falls back to the entry script.
        at.switch_page(script).run()
        if at.exception or messages(at.title) != ["DPA Desk"] or at.dataframe:
            reached[title] = messages(at.title)
    assert reached == {}


def test_login_screen_explains_missing_auth_configuration(db: str) -> None:
    at = open_app(None, secrets=NO_AUTH_SECRETS)
    assert not at.exception
    assert "Login is not configured" in messages(at.error)[0]
    assert not at.button


def test_login_without_membership_is_refused_and_audited_once(demo: str) -> None:
    at = open_app(STRANGER)
    assert not at.exception
    assert messages(at.title) == ["No access"]
    assert STRANGER in messages(at.error)[0]
    assert at.button(key="logout_denied").label == "Log out"
    assert offered_titles(at) == set()
    assert len(audit_events("login.denied", STRANGER)) == 1
    at.run()
    at.run()
    assert messages(at.title) == ["No access"]
    assert len(audit_events("login.denied", STRANGER)) == 1
    assert audit_events("login", STRANGER) == []


def test_login_whose_last_membership_was_removed_is_refused(demo: str) -> None:
    tenant = make_tenant("gamma")
    gone = make_member(tenant.id, "client_viewer", "gone@gamma.example")
    [row] = [r for r in members.list_members(SYSTEM, tenant.id) if r.email == gone.actor]
    members.remove_member(SYSTEM, row.membership_id)
    at = open_app(gone.actor)
    assert messages(at.title) == ["No access"]
    at.switch_page(PAGE_FILES["Home"]).run()
    assert messages(at.title) == ["No access"]


def test_each_refused_session_is_audited(demo: str) -> None:
    open_app(STRANGER)
    open_app(STRANGER.upper())
    assert len(audit_events("login.denied", STRANGER)) == 2


def test_login_is_audited_once_per_session(demo: str) -> None:
    at = open_app(CLIENT_ADMIN)
    assert not at.exception
    at.switch_page(PAGE_FILES["Members"]).run()
    at.run()
    # A client user's login is recorded in their client's log, where its admins can see it.
    [event] = audit_events("login", CLIENT_ADMIN)
    assert event.tenant == "acme-manufacturing"
    open_app(CLIENT_ADMIN)
    assert len(audit_events("login", CLIENT_ADMIN)) == 2
    assert audit_events("login.denied", CLIENT_ADMIN) == []


def test_processor_staff_logins_are_platform_events(demo: str) -> None:
    open_app(ACCOUNT_MANAGER)
    assert [e.tenant for e in audit_events("login", ACCOUNT_MANAGER)] == [None]


def test_membership_is_looked_up_on_every_run(demo: str) -> None:
    at = open_app(CLIENT_ADMIN)
    assert offered_titles(at) == titles_for_role("client_admin")
    acme = tenant_id_for_slug(SYSTEM, "acme-manufacturing")
    [mine] = [r for r in members.list_members(SYSTEM, acme) if r.email == CLIENT_ADMIN]
    members.remove_member(SYSTEM, mine.membership_id)
    at.run()
    assert messages(at.title) == ["No access"]
    assert offered_titles(at) == set()
    assert len(audit_events("login.denied", CLIENT_ADMIN)) == 1
