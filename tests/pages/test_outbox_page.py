"""Outbox: platform admins see the queue, and a warning while no SendGrid key is set."""

import pytest

from dashboard.settings import get_settings
from services import members
from services.tenants import tenant_id_for_slug
from tests.factories import SYSTEM
from tests.pages.apptest import PLATFORM_ADMIN, messages, open_page, table

WELCOMED = ["first@acme-manufacturing.example", "second@acme-manufacturing.example"]


@pytest.fixture
def queued(demo: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Two welcome emails waiting; the key is empty whatever a local secrets file says."""
    monkeypatch.setenv("SENDGRID_API_KEY", "")
    get_settings.cache_clear()
    acme = tenant_id_for_slug(SYSTEM, "acme-manufacturing")
    for email in WELCOMED:
        members.add_member(SYSTEM, acme, email, "client_viewer")
    return WELCOMED


def test_platform_admin_sees_counts_and_pending_messages(queued: list[str]) -> None:
    at = open_page(PLATFORM_ADMIN, "Outbox")
    assert {m.label: m.value for m in at.metric} == {"Pending": "2", "Sent": "0", "Dead": "0"}
    assert at.segmented_control(key="outbox_status").value == "pending"
    messages_table = table(at, "to", "subject", "status")
    assert sorted(messages_table["to"]) == sorted(queued)
    assert set(messages_table["status"]) == {"pending"}
    assert set(messages_table["subject"]) == {"Welcome to DPA Desk"}
    assert at.download_button(key="outbox_csv").disabled is False


def test_missing_sendgrid_key_is_warned_about(queued: list[str]) -> None:
    at = open_page(PLATFORM_ADMIN, "Outbox")
    [warning] = messages(at.warning)
    assert "SENDGRID_API_KEY is not set" in warning


def test_no_warning_once_the_key_is_set(queued: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDGRID_API_KEY", "SG.test-key")
    get_settings.cache_clear()
    at = open_page(PLATFORM_ADMIN, "Outbox")
    assert not at.warning


def test_choosing_another_status_shows_its_messages(queued: list[str]) -> None:
    at = open_page(PLATFORM_ADMIN, "Outbox")
    at.segmented_control(key="outbox_status").set_value("sent").run()
    assert not at.exception
    assert not at.dataframe
    assert messages(at.info) == ["No sent messages."]
