"""Audit log: a client admin reads their tenant's events; a platform admin reads every event."""

import os
import time
from collections.abc import Iterator

import pytest

from dashboard.context import PORTFOLIO
from services import members
from services.tenants import tenant_id_for_slug
from tests.factories import SYSTEM, login, make_member
from tests.pages.apptest import (
    CLIENT_ADMIN,
    LEGAL_NAMES,
    NORTHWIND_ADMIN,
    PLATFORM_ADMIN,
    choose_client,
    messages,
    open_page,
    page_text,
    table,
)

COLUMNS = ("id", "occurred_at", "actor", "tenant", "action")


@pytest.fixture
def activity(demo: str) -> str:
    """Each client admin changes their own tenant once, so there are actors to tell apart."""
    for admin, slug in [(CLIENT_ADMIN, "acme-manufacturing"), (NORTHWIND_ADMIN, "northwind-health")]:
        tenant_id = tenant_id_for_slug(SYSTEM, slug)
        members.add_member(login(admin), tenant_id, f"staff@{slug}.example", "client_viewer", welcome=False)
    return demo


def test_client_admin_sees_only_their_tenants_events(activity: str) -> None:
    at = open_page(CLIENT_ADMIN, "Audit log")
    events = table(at, *COLUMNS)
    assert set(events["tenant"]) == {"acme-manufacturing"}
    assert set(events["actor"]) == {"system:seed", CLIENT_ADMIN}  # CLIENT_ADMIN: a change and a login
    assert "staff@acme-manufacturing.example" in page_text(at)
    text = page_text(at)
    assert NORTHWIND_ADMIN not in text
    assert "staff@northwind-health.example" not in text
    assert [n for s, n in LEGAL_NAMES.items() if s != "acme-manufacturing" and n in text] == []
    with pytest.raises(KeyError):
        at.selectbox(key="audit_tenant")


def test_client_admin_can_download_the_csv(activity: str) -> None:
    at = open_page(CLIENT_ADMIN, "Audit log")
    button = at.download_button(key="audit_csv")
    assert button.label == "Download CSV"
    assert button.disabled is False


def test_filters_narrow_the_events(activity: str) -> None:
    at = open_page(CLIENT_ADMIN, "Audit log")
    action = at.selectbox(key="audit_action")
    assert action.options[0] == "Any action"
    assert "member.add" in action.options
    action.select("member.add").run()
    assert set(table(at, *COLUMNS)["action"]) == {"member.add"}
    at.text_input(key="audit_actor").input("ACME-MANUFACTURING").run()
    assert set(table(at, *COLUMNS)["actor"]) == {CLIENT_ADMIN}
    at.text_input(key="audit_actor").input("nobody@").run()
    assert not at.dataframe
    assert "No events match these filters" in at.info[0].value


def test_platform_admin_in_the_portfolio_sees_every_event(activity: str) -> None:
    at = open_page(PLATFORM_ADMIN, "Audit log")
    with pytest.raises(KeyError):  # the sidebar's client switcher chooses the scope
        at.selectbox(key="audit_tenant")
    events = table(at, *COLUMNS)
    assert {"(platform)", "acme-manufacturing", "northwind-health"} <= set(events["tenant"])
    assert {"login", "member.add", "tenant.create"} <= set(events["action"])
    assert "All clients and platform events" in page_text(at)


def test_platform_admin_with_a_client_chosen_sees_its_events_only(activity: str) -> None:
    at = open_page(PLATFORM_ADMIN, "Audit log", client="northwind-health")
    events = table(at, *COLUMNS)
    assert set(events["tenant"]) == {"northwind-health"}
    assert {NORTHWIND_ADMIN, "system:seed"} <= set(events["actor"])
    assert "staff@northwind-health.example" in page_text(at)
    assert "staff@acme-manufacturing.example" not in page_text(at)
    choose_client(at, PORTFOLIO)
    assert "(platform)" in set(table(at, *COLUMNS)["tenant"])


def test_client_admin_choosing_a_client_they_only_view_sees_no_events(activity: str) -> None:
    make_member(tenant_id_for_slug(SYSTEM, "rhein-klinik"), "client_viewer", CLIENT_ADMIN)
    at = open_page(CLIENT_ADMIN, "Audit log", client="rhein-klinik")
    assert not at.dataframe
    assert "only of a client you administer" in messages(at.info)[0]
    choose_client(at, "acme-manufacturing")
    assert set(table(at, *COLUMNS)["tenant"]) == {"acme-manufacturing"}


def test_client_admin_sees_their_tenants_creation(activity: str) -> None:
    events = table(open_page(CLIENT_ADMIN, "Audit log"), *COLUMNS)
    assert "tenant.create" in set(events["action"])


@pytest.fixture
def server_behind_utc() -> Iterator[None]:
    """A local clock 23 hours behind UTC: its date is a day behind except in the UTC day's last hour."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "<-23>+23"  # POSIX: named "-23", 23 hours west of Greenwich
    time.tzset()
    yield
    if saved is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = saved
    time.tzset()


def test_todays_events_show_whatever_the_servers_time_zone(activity: str, server_behind_utc: None) -> None:
    at = open_page(CLIENT_ADMIN, "Audit log")
    assert "staff@acme-manufacturing.example" in page_text(at)
