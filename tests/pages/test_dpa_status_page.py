"""DPA status: processor staff see their clients' agreements, renewals, pending approvals and
open flags; the table downloads as CSV."""

from collections.abc import Callable
from typing import Any

import pytest

from dashboard import ui
from services.csv_export import to_csv
from tests.pages.apptest import ACCOUNT_MANAGER, EXECUTIVE, LEGAL_NAMES, open_page, page_text, table

COLUMNS = ("client", "slug", "dpa_status", "attention")


def test_account_manager_sees_exactly_their_clients_with_acme_needing_attention(
    demo_data_restored: str,
) -> None:
    at = open_page(ACCOUNT_MANAGER, "DPA status")
    rows = table(at, *COLUMNS).set_index("slug")
    assert sorted(rows.index) == ["acme-manufacturing", "northwind-health"]
    acme = rows.loc["acme-manufacturing"]
    assert (acme["dpa_version"], acme["dpa_status"]) == ("2025.1", "signed")
    assert (acme["pending_approvals"], acme["open_flags"]) == (1, 1)
    assert {"instructions awaiting approval", "open infringement flag"} <= set(acme["attention"].split("; "))
    assert rows.loc["northwind-health", "open_flags"] == 0
    text = page_text(at)
    assert LEGAL_NAMES["rhein-klinik"] not in text
    assert LEGAL_NAMES["pune-medicare"] not in text
    assert {m.label: m.value for m in at.metric}["Clients"] == "2"


def test_executive_sees_all_four_clients(demo_data_restored: str) -> None:
    at = open_page(EXECUTIVE, "DPA status")
    rows = table(at, *COLUMNS).set_index("slug")
    assert sorted(rows.index) == sorted(LEGAL_NAMES)
    assert set(rows["client"]) == set(LEGAL_NAMES.values())
    assert rows.loc["pune-medicare", "dpa_status"] == "sent"  # drafted and sent, never signed
    assert "no signed DPA" in rows.loc["pune-medicare", "attention"]
    assert rows.loc["rhein-klinik", "attention"] == ""
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Clients"], metrics["Without a signed DPA"], metrics["Open flags"]) == ("4", "1", "1")


def test_needing_attention_only_hides_clients_without_a_reason(demo_data_restored: str) -> None:
    at = open_page(EXECUTIVE, "DPA status")
    at.toggle(key="dpa_attention_only").set_value(True).run()
    rows = table(at, *COLUMNS)
    assert "rhein-klinik" not in set(rows["slug"])
    assert all(rows["attention"])


@pytest.fixture
def csv_downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Download key -> the CSV text each `csv_download` call of the last page run offered."""
    offered: dict[str, str] = {}
    original: Callable[..., None] = ui.csv_download

    def recording(label: str, rows: Any, columns: list[str], file_name: str, key: str) -> None:
        offered[key] = to_csv(rows, columns).decode("utf-8-sig")
        original(label, rows, columns, file_name, key)

    monkeypatch.setattr(ui, "csv_download", recording)
    return offered


def test_csv_button_downloads_the_rows_shown(demo_data_restored: str, csv_downloads: dict[str, str]) -> None:
    at = open_page(EXECUTIVE, "DPA status")
    button = at.download_button(key="dpa_status_csv")
    assert (button.label, button.disabled) == ("Download CSV", False)
    lines = csv_downloads["dpa_status_csv"].splitlines()  # what the button offers
    assert lines[0].split(",")[:4] == ["client", "slug", "dpa_version", "dpa_status"]
    assert len(lines) == 1 + len(table(at, *COLUMNS))
    assert all(slug in csv_downloads["dpa_status_csv"] for slug in LEGAL_NAMES)
