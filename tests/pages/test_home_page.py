"""Home shows a client user their own tenant only, and processor users the tenants they serve."""

import pytest

from tests.pages.apptest import (
    ACCOUNT_MANAGER,
    CLIENT_ADMIN,
    CLIENT_VIEWER,
    EXECUTIVE,
    LEGAL_NAMES,
    PLATFORM_ADMIN,
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


def test_client_user_has_no_tenant_switcher(demo: str) -> None:
    at = open_page(CLIENT_ADMIN, "Home")
    with pytest.raises(KeyError):
        at.selectbox(key="active_tenant_slug")
    assert "Tenant: **Acme Manufacturing Co.**" in [c.value for c in at.sidebar.caption]


def test_client_viewer_sees_role_and_facts(demo: str) -> None:
    at = open_page(CLIENT_VIEWER, "Home")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Country"] == "US"
    assert metrics["Time zone"] == "America/Los_Angeles"
    assert "your role: Client viewer" in page_text(at)


def test_account_manager_sees_exactly_the_assigned_tenants(demo: str) -> None:
    at = open_page(ACCOUNT_MANAGER, "Home")
    assert [t.value for t in at.title] == ["Your clients"]
    tenants = table(at, "legal_name", "slug")
    assert set(tenants["slug"]) == {"northwind-health", "acme-manufacturing"}
    assert len(tenants) == 2
    assert set(at.selectbox(key="active_tenant_slug").options) == {
        LEGAL_NAMES["northwind-health"],
        LEGAL_NAMES["acme-manufacturing"],
    }
    text = page_text(at)
    assert LEGAL_NAMES["rhein-klinik"] not in text
    assert LEGAL_NAMES["pune-medicare"] not in text


@pytest.mark.parametrize(
    "email",
    [pytest.param(EXECUTIVE, id="executive"), pytest.param(PLATFORM_ADMIN, id="platform_admin")],
)
def test_processor_wide_roles_see_all_demo_tenants(demo: str, email: str) -> None:
    at = open_page(email, "Home")
    tenants = table(at, "legal_name", "slug")
    assert sorted(tenants["slug"]) == sorted(LEGAL_NAMES)
    assert set(tenants["legal_name"]) == set(LEGAL_NAMES.values())
    assert {m.label: m.value for m in at.metric}["Tenants"] == "4"
    assert at.download_button(key="tenants_csv").disabled is False
