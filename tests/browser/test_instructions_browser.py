"""A client admin approves a draft of processing instructions in a real browser."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.stack import Stack, log_in, wait_for_idle

pytestmark = pytest.mark.browser

ACME_ADMIN = "admin@acme-manufacturing.example"


def test_client_admin_approves_the_attendance_draft(page: Page, stack: Stack) -> None:
    log_in(page, stack, ACME_ADMIN)
    page.get_by_test_id("stSidebarNavLink").filter(has_text="Instructions").click()
    expect(page.get_by_role("heading", name="Processing instructions")).to_be_visible()
    wait_for_idle(page)

    page.get_by_role("tab", name="attendance").click()
    draft = page.get_by_text(f"Draft version 2 by {ACME_ADMIN} awaits approval.")
    expect(draft).to_be_visible()
    page.get_by_role("button", name="Approve version 2").click()

    success = page.get_by_test_id("stAlertContentSuccess")
    expect(success.get_by_text("Approved attendance version 2.", exact=True)).to_be_visible()
    expect(page.get_by_text(f"Version 2, approved by {ACME_ADMIN}")).to_be_visible()
    expect(draft).to_have_count(0)
    expect(page.get_by_role("button", name="Approve version 2")).to_have_count(0)
