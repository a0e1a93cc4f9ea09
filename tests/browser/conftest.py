"""Fixtures for browser tests: one running stack per session, a fresh browser context per test."""

from collections.abc import Iterator
from contextlib import suppress

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tests.browser.stack import (
    ARTIFACTS,
    STRANGER,
    UI_TIMEOUT_MS,
    Stack,
    StackError,
    launch_chromium,
    new_context,
    running_stack,
)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Seeded SQLite database, identity provider and app, stopped at the end of the session."""
    try:
        with running_stack(tmp_path_factory.mktemp("browser-stack"), extra_emails=[STRANGER]) as running:
            yield running
    except StackError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        try:
            chromium = launch_chromium(playwright)
        except StackError as error:
            pytest.fail(str(error), pytrace=False)
        expect.set_options(timeout=UI_TIMEOUT_MS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = new_context(browser)
    yield context.new_page()
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """On a failed browser test, keep a screenshot and attach the app's log to the report."""
    report = yield
    if report.when == "call" and report.failed:
        page, stack = item.funcargs.get("page"), item.funcargs.get("stack")
        if page is not None:
            (ARTIFACTS / "browser").mkdir(parents=True, exist_ok=True)
            with suppress(PlaywrightError):  # a crashed page must not hide the real failure
                page.screenshot(path=ARTIFACTS / "browser" / f"{item.name}-failure.png", full_page=True)
        if stack is not None:
            for log in ("streamlit.log", "idp.log"):
                report.sections.append((log, (stack.workdir / log).read_text(errors="replace")[-5000:]))
    return report
