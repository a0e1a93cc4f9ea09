"""Compliance metrics: one client's figures or the portfolio's, matching the register; the
at-risk chart by client only in the portfolio."""

import pytest
from streamlit.testing.v1 import AppTest

from services.rights import register
from services.tenants import list_tenants, tenant_id_for_slug
from tests.factories import SYSTEM, login
from tests.pages.apptest import (
    ACCOUNT_MANAGER,
    CLIENT_ADMIN,
    CLIENT_VIEWER,
    EXECUTIVE,
    LEGAL_NAMES,
    messages,
    open_page,
    table,
)

AT_RISK_TITLE = "Overdue and at-risk requests by client"
SCOPES = [
    pytest.param(CLIENT_ADMIN, None, "acme-manufacturing", id="client_admin"),
    pytest.param(CLIENT_VIEWER, None, "northwind-health", id="client_viewer"),
    pytest.param(ACCOUNT_MANAGER, None, None, id="account_manager-portfolio"),
    pytest.param(ACCOUNT_MANAGER, "northwind-health", "northwind-health", id="account_manager-northwind"),
    pytest.param(EXECUTIVE, None, None, id="executive-portfolio"),
    pytest.param(EXECUTIVE, "rhein-klinik", "rhein-klinik", id="executive-rhein"),
]


def charts(at: AppTest) -> list[str]:
    return [c.key for c in at.get("plotly_chart")]


def metric(at: AppTest, label: str) -> str:
    return {m.label: m.value for m in at.metric}[label]


@pytest.mark.parametrize(("email", "chosen", "shown"), SCOPES)
def test_open_requests_match_the_register_and_at_risk_by_client_shows_in_the_portfolio_only(
    demo_data_restored: str, email: str, chosen: str | None, shown: str | None
) -> None:
    at = open_page(email, "Compliance metrics", client=chosen)
    assert not at.error, messages(at.error)
    tenant_id = tenant_id_for_slug(SYSTEM, shown) if shown else None
    listed = register.list_requests(login(email), register.RequestFilter(tenant_id, open_only=True))
    assert listed
    assert metric(at, "Open requests") == str(len(listed))
    scope = LEGAL_NAMES[shown] if shown else f"All clients ({len(list_tenants(login(email)))})"
    assert scope in messages(at.caption)
    assert {"days_left_chart", "by_type_chart", "weekly_chart", "by_category_chart"} <= set(charts(at))
    if shown is not None:
        assert "at_risk_chart" not in charts(at)
        assert AT_RISK_TITLE not in str([c.proto for c in at.get("plotly_chart")])
        return
    assert "at_risk_chart" in charts(at)
    assert AT_RISK_TITLE in str(next(c.proto for c in at.get("plotly_chart") if c.key == "at_risk_chart"))
    at_risk = table(at, "tenant", "days_left", "open_requests")
    assert set(at_risk["tenant"]) == {v.tenant_slug for v in listed}
    assert str(at_risk["open_requests"].sum()) == metric(at, "Open requests")


def test_account_managers_portfolio_counts_only_their_clients(demo_data_restored: str) -> None:
    at = open_page(ACCOUNT_MANAGER, "Compliance metrics")
    everyone = register.list_requests(login(EXECUTIVE), register.RequestFilter(open_only=True))
    mine = [v for v in everyone if v.tenant_slug in {"northwind-health", "acme-manufacturing"}]
    assert len(mine) < len(everyone)
    assert metric(at, "Open requests") == str(len(mine))
    assert set(table(at, "tenant", "days_left", "open_requests")["tenant"]) == {
        "northwind-health",
        "acme-manufacturing",
    }
