"""Log in through the identity provider in a real browser; see only your own tenant; log out."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.stack import ARTIFACTS, LOGIN_BUTTON, STRANGER, Stack, log_in, log_out

pytestmark = pytest.mark.browser

ACME = "Acme Manufacturing Co."
OTHER_TENANTS = [
    "Northwind Health System, Inc.",
    "Rhein-Klinik Düsseldorf GmbH",
    "Pune Medicare Hospitals Pvt. Ltd.",
]


def nav_labels(page: Page) -> list[str]:
    links = page.get_by_test_id("stSidebarNavLink")
    return links.get_by_test_id("stMarkdownContainer").all_inner_texts()


def test_client_admin_logs_in_sees_only_own_tenant_and_logs_out(page: Page, stack: Stack) -> None:
    log_in(page, stack, "admin@acme-manufacturing.example")

    expect(page.get_by_role("heading", name=ACME)).to_be_visible()
    expect(page.get_by_text("Client since")).to_be_visible()  # the home page's last element
    for legal_name in OTHER_TENANTS:
        expect(page.get_by_text(legal_name)).to_have_count(0)
    expect(page.get_by_test_id("stSidebarNavLink").filter(has_text="Audit log")).to_be_visible()
    labels = nav_labels(page)
    assert {"Home", "Members", "Audit log"} <= set(labels), labels
    assert "Outbox" not in labels
    (ARTIFACTS / "browser").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "browser" / "acme-home.png", full_page=True)

    log_out(page)
    page.reload()  # the login cookie is gone, not just the session
    expect(page.get_by_role("button", name=LOGIN_BUTTON)).to_be_visible()
    expect(page.get_by_text(ACME)).to_have_count(0)


def test_login_without_membership_sees_no_access(page: Page, stack: Stack) -> None:
    log_in(page, stack, STRANGER)

    expect(page.get_by_role("heading", name="No access")).to_be_visible()
    expect(page.get_by_text(f"You are signed in as {STRANGER}")).to_be_visible()
    expect(page.get_by_test_id("stSidebarNavLink")).to_have_count(0)
    log_out(page)
