"""Home shows a client user their own tenant only, and processor users the portfolio of
tenants they serve or, once chosen in the sidebar, one of them."""

import pytest

from dashboard.context import ACTIVE_TENANT_KEY, PORTFOLIO
from services.tenants import tenant_id_for_slug
from tests.factories import SYSTEM, make_member
from tests.pages.apptest import (
    ACCOUNT_MANAGER,
    CLIENT_ADMIN,
    CLIENT_VIEWER,
    EXECUTIVE,
    LEGAL_NAMES,
    PLATFORM_ADMIN,
    choose_client,
    messages,
    open_page,
    page_text,
    table,
)


@pytest.mark.parametrize(
    ("email", "slug"),
    [
        pytest.param(CLIENT_ADMIN, "acme-manufacturing", id="client_admin"),
        pytest.param(CLIENT_VIEWER, "northwind-health", id="client_viewer"),
    ],
)
def test_client_user_sees_only_their_tenant(demo: str, email: str, slug: str) -> None:
    at = open_page(email, "Home")
    assert [t.value for t in at.title] == [LEGAL_NAMES[slug]]
    text = page_text(at)
    assert f"`{slug}`" in text
    others = [name for other, name in LEGAL_NAMES.items() if other != slug]
    assert [name for name in others if name in text] == []
    assert [s for s in LEGAL_NAMES if s != slug and s in text] == []


def test_client_user_with_one_tenant_has_no_switcher(demo: str) -> None:
    at = open_page(CLIENT_ADMIN, "Home")
    with pytest.raises(KeyError):
        at.selectbox(key=ACTIVE_TENANT_KEY)
    assert "Client: **Acme Manufacturing Co.**" in messages(at.sidebar.caption)


def test_client_user_with_two_tenants_switches_between_them_only(demo: str) -> None:
    make_member(tenant_id_for_slug(SYSTEM, "rhein-klinik"), "client_viewer", CLIENT_ADMIN)
    at = open_page(CLIENT_ADMIN, "Home")
    switcher = at.selectbox(key=ACTIVE_TENANT_KEY)
    assert switcher.options == [LEGAL_NAMES["acme-manufacturing"], LEGAL_NAMES["rhein-klinik"]]
    assert messages(at.title) == [LEGAL_NAMES["acme-manufacturing"]]
    choose_client(at, "rhein-klinik")
    assert messages(at.title) == [LEGAL_NAMES["rhein-klinik"]]
    assert "your role: Client viewer" in page_text(at)


def test_client_viewer_sees_role_and_facts(demo: str) -> None:
    at = open_page(CLIENT_VIEWER, "Home")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Country"] == "US"
    assert metrics["Services"] == "2"
    text = page_text(at)
    assert "Time zone **America/Los_Angeles**" in text
    assert "your role: Client viewer" in text


def test_account_manager_sees_exactly_the_assigned_tenants(demo: str) -> None:
    at = open_page(ACCOUNT_MANAGER, "Home")
    assert [t.value for t in at.title] == ["Your clients"]
    tenants = table(at, "legal_name", "slug")
    assert set(tenants["slug"]) == {"northwind-health", "acme-manufacturing"}
    assert len(tenants) == 2
    switcher = at.selectbox(key=ACTIVE_TENANT_KEY)
    assert switcher.value == PORTFOLIO
    assert switcher.options == [
        "All clients (portfolio)",
        LEGAL_NAMES["acme-manufacturing"],
        LEGAL_NAMES["northwind-health"],
    ]
    text = page_text(at)
    assert LEGAL_NAMES["rhein-klinik"] not in text
    assert LEGAL_NAMES["pune-medicare"] not in text


def test_account_manager_chooses_a_client(demo: str) -> None:
    at = choose_client(open_page(ACCOUNT_MANAGER, "Home"), "northwind-health")
    assert messages(at.title) == [LEGAL_NAMES["northwind-health"]]
    assert "your role: Account manager" in page_text(at)
    assert not at.dataframe
    choose_client(at, PORTFOLIO)
    assert messages(at.title) == ["Your clients"]


@pytest.mark.parametrize(
    "email",
    [pytest.param(EXECUTIVE, id="executive"), pytest.param(PLATFORM_ADMIN, id="platform_admin")],
)
def test_processor_wide_roles_see_all_demo_tenants(demo: str, email: str) -> None:
    at = open_page(email, "Home")
    tenants = table(at, "legal_name", "slug")
    assert sorted(tenants["slug"]) == sorted(LEGAL_NAMES)
    assert set(tenants["legal_name"]) == set(LEGAL_NAMES.values())
    assert {m.label: m.value for m in at.metric}["Clients"] == "4"
    assert at.download_button(key="tenants_csv").disabled is False
