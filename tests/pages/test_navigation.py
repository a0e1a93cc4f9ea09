"""Each demo role is offered exactly its pages; every other page is unreachable."""

import pytest

from dashboard import navigation
from services.seed.people import LOGINS
from tests.pages.apptest import (
    CLIENT_ADMIN,
    CLIENT_VIEWER,
    PAGE_FILES,
    ROLE_LOGINS,
    offered_titles,
    open_app,
    open_page,
)

VISIBLE = {
    "client_admin": {"Home", "Members", "Audit log"},
    "client_viewer": {"Home"},
    "account_manager": {"Home"},
    "executive": {"Home"},
    "platform_admin": {"Home", "Members", "Audit log", "Outbox"},
}
HIDDEN = [
    pytest.param(role, title, id=f"{role}-{title}")
    for role, titles in VISIBLE.items()
    for title in PAGE_FILES
    if title not in titles
]
SHOWN = [
    pytest.param(role, title, id=f"{role}-{title}")
    for role, titles in VISIBLE.items()
    for title in PAGE_FILES
    if title in titles
]
HOME_TITLES = {
    "client_admin": "Acme Manufacturing Co.",
    "client_viewer": "Northwind Health System, Inc.",
}


def test_role_logins_are_demo_logins() -> None:
    seeded = {(login.email, login.role.value) for login in LOGINS}
    assert {(email, role) for role, email in ROLE_LOGINS.items()} <= seeded


def test_every_registered_page_is_covered_here() -> None:
    # A new page must be added to PAGE_FILES and VISIBLE, so every role is tested against it.
    assert {(p.title, p.script) for p in navigation.PAGES} == set(PAGE_FILES.items())


@pytest.mark.parametrize("role", VISIBLE)
def test_navigation_offers_the_roles_pages(demo: str, role: str) -> None:
    at = open_app(ROLE_LOGINS[role])
    assert not at.exception
    assert offered_titles(at) == VISIBLE[role]


@pytest.mark.parametrize(("role", "title"), HIDDEN)
def test_hidden_page_cannot_be_switched_to(demo: str, role: str, title: str) -> None:
    at = open_app(ROLE_LOGINS[role])
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE_FILES[title])


@pytest.mark.parametrize(("role", "title"), SHOWN)
def test_visible_page_renders_for_the_role(demo: str, role: str, title: str) -> None:
    at = open_page(ROLE_LOGINS[role], title)
    expected = HOME_TITLES.get(role, "Your clients") if title == "Home" else title
    assert expected in [t.value for t in at.title]
    assert not at.error, [e.value for e in at.error]


def test_first_page_is_home(demo: str) -> None:
    at = open_app(CLIENT_VIEWER)
    assert [t.value for t in at.title] == ["Northwind Health System, Inc."]


def test_after_a_hidden_page_is_refused_the_session_stays_on_its_page(demo: str) -> None:
    at = open_page(CLIENT_ADMIN, "Members")
    with pytest.raises(ValueError):
        at.switch_page(PAGE_FILES["Outbox"])
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Members"]
