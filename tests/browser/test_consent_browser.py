"""A client admin imports a small consent file through the Consent page in a real browser."""

from pathlib import Path
from uuid import uuid4

import pytest
from playwright.sync_api import Page, expect

from tests.browser.stack import ARTIFACTS, Stack, log_in, wait_for_idle

pytestmark = pytest.mark.browser

HEADER = "subject_ref,subject_type,purpose,status,captured_at,method,notice_version"


def test_client_admin_imports_a_small_csv_through_the_page(page: Page, stack: Stack, tmp_path: Path) -> None:
    refs = [f"EMP-BROWSER-{uuid4().hex[:6]}-{n}" for n in range(3)]
    file = tmp_path / "consents.csv"
    file.write_text(
        "\n".join([HEADER, *(f"{r},employee,biometric-attendance,granted,2025-05-0{n + 1}T09:00:00-05:00,"
                             f"e-signature,BIO-RELEASE-2025.1" for n, r in enumerate(refs))]) + "\n"
    )  # fmt: skip

    log_in(page, stack, "admin@acme-manufacturing.example")
    page.get_by_test_id("stSidebarNavLink").filter(has_text="Consent").click()
    expect(page.get_by_role("heading", name="Consent evidence")).to_be_visible()
    wait_for_idle(page)
    page.get_by_role("tab", name="Import").click()
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Consent file")
    uploader.locator("input[type=file]").set_input_files(file)
    expect(page.get_by_role("button", name="Import", exact=True)).to_be_visible()
    wait_for_idle(page)
    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.get_by_text("Imported 3 events; 0 were already on record.")).to_be_visible()
    (ARTIFACTS / "browser").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "browser" / "consent-import.png", full_page=True)

    page.get_by_role("tab", name="Subject").click()
    page.get_by_label("Subject reference (employee number, MRN)").fill(refs[0])
    page.get_by_label("Subject reference (employee number, MRN)").press("Enter")
    expect(page.get_by_text("biometric-attendance: granted")).to_be_visible()
