"""Each demo role is offered exactly the pages the permission table grants it; every other
page is unreachable; every offered page renders, for processor staff in the portfolio and
with one client chosen in the sidebar."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import context, navigation
from services.seed.people import LOGINS
from tests.pages.apptest import (
    APP,
    CLIENT_ADMIN,
    CLIENT_VIEWER,
    LEGAL_NAMES,
    PAGE_FILES,
    PROCESSOR_ROLES,
    ROLE_LOGINS,
    choose_client,
    main_text,
    messages,
    offered_titles,
    open_app,
    open_page,
    titles_for_role,
)

VISIBLE = {role: titles_for_role(role) for role in ROLE_LOGINS}
HIDDEN = {role: set(PAGE_FILES) - titles for role, titles in VISIBLE.items()}

# Written out by hand, so that a wrong edit of the permission table itself fails here too.
OVERVIEW = {"Home", "Compliance metrics", "Agreements", "Instructions", "Rights requests"}
MUST_SEE = {
    "client_admin": OVERVIEW | {"Members", "Audit log"},
    "client_viewer": OVERVIEW,
    "account_manager": OVERVIEW | {"DPA status"},
    "executive": OVERVIEW | {"DPA status"},
    "platform_admin": OVERVIEW | {"DPA status", "Members", "Audit log", "Outbox"},
}
MUST_NOT_SEE = {
    "client_admin": {"DPA status", "Outbox"},
    "client_viewer": {"Members", "Audit log", "Outbox", "DPA status"},
    "account_manager": {"Members", "Audit log", "Outbox"},
    "executive": {"Members", "Audit log", "Outbox"},
    "platform_admin": set(),
}

# The client each client login works for; processor staff start on the portfolio (None).
HOME_CLIENT = {"client_admin": "acme-manufacturing", "client_viewer": "northwind-health"}
CROSS_CLIENT_PAGES = {"DPA status"}  # shows every client whatever the sidebar says
FLAG_ALERT = re.compile(r"flagged .*as possibly (infringing|unlawful)")  # the demo's open flag
SCOPES = [pytest.param(role, None, id=f"{role}-default") for role in ROLE_LOGINS] + [
    pytest.param(role, "acme-manufacturing", id=f"{role}-acme") for role in PROCESSOR_ROLES
]


def test_role_logins_are_demo_logins() -> None:
    seeded = {(login.email, login.role.value) for login in LOGINS}
    assert {(email, role) for role, email in ROLE_LOGINS.items()} <= seeded


def test_every_registered_page_file_exists() -> None:
    missing = [p.script for p in navigation.PAGES if not (APP.parent / p.script).resolve().is_file()]
    assert missing == []
    assert len(PAGE_FILES) == len(navigation.PAGES), "two pages share a title"


@pytest.mark.parametrize("role", ROLE_LOGINS)
def test_permission_table_grants_the_expected_pages(role: str) -> None:
    assert MUST_SEE[role] <= VISIBLE[role]
    assert MUST_NOT_SEE[role] & VISIBLE[role] == set()


@pytest.mark.parametrize("role", ROLE_LOGINS)
def test_navigation_offers_the_roles_pages(demo: str, role: str) -> None:
    at = open_app(ROLE_LOGINS[role])
    assert not at.exception
    offered = offered_titles(at)
    assert offered == VISIBLE[role]
    assert MUST_SEE[role] <= offered
    assert MUST_NOT_SEE[role] & offered == set()
    if role in PROCESSOR_ROLES:  # they start on their whole portfolio
        switcher = at.selectbox(key=context.ACTIVE_TENANT_KEY)
        assert (switcher.value, switcher.options[0]) == (context.PORTFOLIO, "All clients (portfolio)")


@pytest.mark.parametrize("role", [r for r in ROLE_LOGINS if HIDDEN[r]])
def test_hidden_pages_cannot_be_switched_to(demo: str, role: str) -> None:
    at = open_app(ROLE_LOGINS[role])
    for title in sorted(HIDDEN[role]):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(PAGE_FILES[title])


def problems_on(at: AppTest, title: str, client: str | None) -> list[str]:
    """What is wrong with the page `at` shows: exceptions, error boxes (an open infringement
    flag is shown as one, on purpose), the wrong heading, another client's name."""
    found = [f"exception: {e.value}" for e in at.exception]
    found += [f"error box: {m}" for m in messages(at.error) if not FLAG_ALERT.search(m)]
    # Home is titled by the client or the portfolio; the others by their name ("Instructions":
    # "Processing instructions").
    heading = (LEGAL_NAMES[client] if client else "Your clients") if title == "Home" else title
    if not any(heading.lower() in t.lower() for t in messages(at.title)):
        found.append(f"heading {messages(at.title)}, expected one with {heading!r}")
    if client and title not in CROSS_CLIENT_PAGES:
        text = main_text(at)
        others = [(s, n) for s, n in LEGAL_NAMES.items() if s != client]
        found += [f"shows {name!r}" for slug, name in others if slug in text or name in text]
    return found


@pytest.mark.parametrize(("role", "client"), SCOPES)
def test_every_offered_page_renders(demo_data_restored: str, role: str, client: str | None) -> None:
    at = open_app(ROLE_LOGINS[role])
    if client is not None:
        choose_client(at, client)
    scope = client or HOME_CLIENT.get(role)
    report = {}
    for title in sorted(VISIBLE[role]):
        at.switch_page(PAGE_FILES[title]).run()
        report[title] = problems_on(at, title, scope)
    assert {t: p for t, p in report.items() if p} == {}
    if role in PROCESSOR_ROLES:  # the choice survives switching pages
        assert at.selectbox(key=context.ACTIVE_TENANT_KEY).value == (client or context.PORTFOLIO)


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
