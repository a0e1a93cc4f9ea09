"""A client admin extends a rights request in a real browser and sees the new due date."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from dashboard.settings import get_settings
from services.rights import register
from services.rights.views import RequestView
from services.tenants import tenant_id_for_slug
from tests.browser.stack import Stack, log_in, wait_for_idle
from tests.factories import SYSTEM, login

pytestmark = pytest.mark.browser

NORTHWIND_ADMIN = "admin@northwind-health.example"
REASON = "The records are spread over three hospitals."


@pytest.fixture
def stack_db(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Services in this process read the database the running app uses."""
    monkeypatch.setenv("DATABASE_URL", stack.database_url)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def northwind_request(ref: str | None = None) -> RequestView:
    """The request `ref`, or (None) the first open one that may still be extended."""
    tenant_id = tenant_id_for_slug(SYSTEM, "northwind-health")
    views = register.list_requests(login(NORTHWIND_ADMIN), register.RequestFilter(tenant_id))
    return next(v for v in views if v.external_ref == ref or (ref is None and v.can_extend))


def test_client_admin_extends_a_request_and_sees_the_new_due_date(
    page: Page, stack: Stack, stack_db: None
) -> None:
    chosen = northwind_request()
    log_in(page, stack, NORTHWIND_ADMIN)
    page.get_by_test_id("stSidebarNavLink").filter(has_text="Rights requests").click()
    expect(page.get_by_role("heading", name="Rights requests")).to_be_visible()
    wait_for_idle(page)

    page.get_by_role("combobox", name="Request").click()
    page.get_by_role("option", name=f"northwind-health · {chosen.external_ref}").click()
    expect(page.get_by_text(f"due {chosen.due_date}", exact=False).first).to_be_visible()
    page.get_by_role("textbox", name="Reason told to the data subject").fill(REASON)
    page.get_by_role("button", name="Extend", exact=True).click()

    success = page.get_by_test_id("stAlertContentSuccess")
    expect(success).to_contain_text(f"Extended {chosen.external_ref}: now due ")
    extended = northwind_request(chosen.external_ref)
    assert (extended.extended, extended.extension_reason) == (True, REASON)
    assert extended.due_date > chosen.due_date
    message = f"Extended {chosen.external_ref}: now due {extended.due_date} ({extended.deciding_law})."
    expect(success.get_by_text(message, exact=True)).to_be_visible()
    expect(page.get_by_text(f"Extended: {REASON}")).to_be_visible()
    expect(page.get_by_text(f"due {extended.due_date} set by", exact=False)).to_be_visible()
