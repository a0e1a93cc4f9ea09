"""The Record of processing page: who sees what, and the three downloads."""

import pytest
from streamlit.testing.v1 import AppTest

from services.instructions.versions import approve, save_draft
from services.tenants import tenant_id_for_slug
from tests.factories import SYSTEM
from tests.pages.apptest import (
    ACCOUNT_MANAGER,
    CLIENT_VIEWER,
    EXECUTIVE,
    LEGAL_NAMES,
    PLATFORM_ADMIN,
    offered_titles,
    open_app,
    page_text,
)
from tests.ropa.conftest import KLINIK_CONTENT

PAGE = "../pages/record_of_processing.py"
KLINIK_ADMIN = "admin@rhein-klinik.example"
DOWNLOAD_KEYS = {"ropa_csv", "ropa_xlsx", "ropa_pdf"}


@pytest.fixture
def klinik_instructions(demo: str) -> None:
    tenant_id = tenant_id_for_slug(SYSTEM, "rhein-klinik")
    approve(SYSTEM, save_draft(SYSTEM, tenant_id, "healthcare", KLINIK_CONTENT).id)


def open_record(email: str) -> AppTest:
    at = open_app(email)
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def controller_labels(at: AppTest) -> list[str]:
    return [e.label for e in at.expander if e.label.startswith(tuple(LEGAL_NAMES.values()))]


def download_keys(at: AppTest) -> set[str]:
    return {b.key for b in at.get("download_button")}


def test_client_admin_sees_their_own_record_and_downloads(klinik_instructions: None) -> None:
    at = open_record(KLINIK_ADMIN)
    assert [t.value for t in at.title] == ["Record of processing"]
    assert download_keys(at) == DOWNLOAD_KEYS
    text = page_text(at)
    assert LEGAL_NAMES["rhein-klinik"] in text
    assert "patient-records" in text and "Smartnex Technologies" in text
    assert LEGAL_NAMES["northwind-health"] not in text
    assert [label.split(" · ")[0] for label in controller_labels(at)] == [LEGAL_NAMES["rhein-klinik"]]


def test_platform_admin_sees_every_client(klinik_instructions: None) -> None:
    at = open_record(PLATFORM_ADMIN)
    assert download_keys(at) == DOWNLOAD_KEYS
    labels = controller_labels(at)
    assert sorted(label.split(" · ")[0] for label in labels) == sorted(LEGAL_NAMES.values())
    assert "without instructions" in " ".join(labels)  # the demo's other clients have none yet


def test_platform_admin_can_narrow_to_one_client(klinik_instructions: None) -> None:
    at = open_app(PLATFORM_ADMIN)
    at.sidebar.selectbox[0].select("rhein-klinik").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert [label.split(" · ")[0] for label in controller_labels(at)] == [LEGAL_NAMES["rhein-klinik"]]


def test_executive_sees_the_page(demo: str) -> None:
    assert download_keys(open_record(EXECUTIVE)) == DOWNLOAD_KEYS


@pytest.mark.parametrize("email", [CLIENT_VIEWER, ACCOUNT_MANAGER])
def test_page_is_hidden_from_roles_without_ropa_read(demo: str, email: str) -> None:
    at = open_app(email)
    assert "Record of processing" not in offered_titles(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE)
