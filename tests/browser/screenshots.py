"""Screenshot every page each demo login can reach: `python -m tests.browser.screenshots`.

Writes `test-artifacts/screens/<login>-<page>.png`, where <login> is the email without its
`.example` domain suffix (`admin@acme-manufacturing` -> `admin-acme-manufacturing`)."""

import re
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.stack import (
    ARTIFACTS,
    Stack,
    launch_chromium,
    log_in,
    new_context,
    running_stack,
    wait_for_idle,
)

LOGINS = [
    "admin@northwind-health.example",
    "viewer@northwind-health.example",
    "admin@acme-manufacturing.example",
    "am@smartnex.example",
    "exec@smartnex.example",
    "platform@smartnex.example",
]
SCREENS = ARTIFACTS / "screens"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().removesuffix(".example")).strip("-")


def problems(page: Page) -> list[str]:
    """Exceptions and error boxes the page shows."""
    found = [f"exception: {t[:200]}" for t in page.get_by_test_id("stException").all_inner_texts()]
    alerts = page.get_by_test_id("stAlertContentError").all_inner_texts()
    return found + [f"error box: {t[:200]}" for t in alerts]


def shoot(page: Page, path: Path) -> None:
    """A full-page screenshot: Streamlit scrolls inside its main block, so grow the viewport first."""
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": max(900, min(int(height), 8000))})
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size({"width": 1400, "height": 900})


def screenshot_login(browser: Browser, stack: Stack, email: str) -> list[str]:
    """Save one PNG per page in the login's sidebar navigation; return what looked wrong."""
    context = new_context(browser)
    page = context.new_page()
    report = []
    try:
        log_in(page, stack, email)
        page.get_by_role("button", name="Log out").wait_for()
        wait_for_idle(page)
        links = page.get_by_test_id("stSidebarNavLink")
        labels = links.get_by_test_id("stMarkdownContainer").all_inner_texts() or ["Home"]
        for label in labels:
            if links.count():
                links.filter(has_text=label).first.click()
                page.wait_for_url(links.filter(has_text=label).first.get_attribute("href") or "**")
            wait_for_idle(page)
            path = SCREENS / f"{slug(email)}-{slug(label)}.png"
            shoot(page, path)
            report += [f"{path.name}: {p}" for p in problems(page)]
            print(f"  {path.relative_to(ARTIFACTS.parent)}")
    finally:
        context.close()
    return report


def main() -> int:
    SCREENS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    report: list[str] = []
    with (
        tempfile.TemporaryDirectory(prefix="dpa-screens-") as workdir,
        running_stack(Path(workdir)) as stack,
        sync_playwright() as playwright,
    ):
        browser = launch_chromium(playwright)
        for email in LOGINS:
            print(email)
            report += screenshot_login(browser, stack, email)
        browser.close()
    print(f"Done in {time.monotonic() - started:.1f} s.")
    for line in report:
        print(f"PROBLEM {line}")
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
