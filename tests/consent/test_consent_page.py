"""The Consent page through the real entry script (AppTest): only client admins reach it; the
tabs, a subject's history with evidence, ledger filters, exports neutralised, and an import."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import time

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import ui
from dashboard.settings import get_settings
from services.consent import ledger
from services.imports.consents import import_consents
from services.principal import Principal
from services.seed import contracts, people
from tests.conftest import BACKENDS, _empty, _use
from tests.consent.conftest import HEADER, ago, counts, csv_bytes, draft, row
from tests.factories import login
from tests.pages.apptest import (
    ACCOUNT_MANAGER,
    CLIENT_ADMIN,
    CLIENT_VIEWER,
    EXECUTIVE,
    PAGE_FILES,
    PLATFORM_ADMIN,
    main_text,
    open_app,
)

CONSENT = PAGE_FILES["Consent"]
PDF = b"%PDF-1.7\n%%EOF\n"
FORMULA_REF = '=HYPERLINK("http://evil.example")'


@dataclass(frozen=True)
class Demo:
    backend: str
    tenant_id: int
    slug: str


@pytest.fixture(scope="module", params=BACKENDS)
def demo_acme(request: pytest.FixtureRequest, database_urls: dict[str, str]) -> Iterator[Demo]:
    """Demo tenants, logins and instructions, and a few consent events at Acme (BIPA)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SENDGRID_API_KEY", raising=False)
        _use(mp, database_urls[request.param])
        _empty(database_urls[request.param])
        system = Principal.system("system:test")
        people.seed_processor(system)
        ids, _ = people.seed_tenants(system)
        people.seed_logins(system, ids)
        contracts.seed_instructions(system, ids)
        rows = [
            row("EMP-PAGE-1", captured_at=ago(days=60).isoformat()),
            row("EMP-PAGE-1", status="withdrawn", captured_at=ago(days=20).isoformat()),
            row(FORMULA_REF, purpose="payroll", method="electronic-click", notice_version="@SUM(1)"),
            row("EMP-PAGE-3", purpose="payroll", status="refused", method="verbal-recorded"),
        ]
        assert import_consents(system, "acme-manufacturing", csv_bytes(rows)).imported == 4
        admin = login(CLIENT_ADMIN)
        ledger.record_event(
            admin, ids["acme-manufacturing"], draft("EMP-PAGE-4"), evidence=("release.pdf", PDF)
        )
        yield Demo(request.param, ids["acme-manufacturing"], "acme-manufacturing")
    get_settings.cache_clear()


def consent_page(email: str = CLIENT_ADMIN) -> AppTest:
    at = open_app(email)
    at.switch_page(CONSENT).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_client_admin_sees_coverage_subject_ledger_import_and_record(demo_acme: Demo) -> None:
    at = consent_page()
    assert [t.label for t in at.tabs] == ["Coverage", "Subject", "Ledger", "Import", "Record an event"]
    text = main_text(at)
    assert "Consent evidence" in text and "Acme Manufacturing Co." in text
    assert "subjects in scope of a biometric purpose lack a valid written release" in text  # BIPA
    missing = next(d.value for d in at.dataframe if "latest_status" in d.value.columns)
    assert set(zip(missing["subject_ref"], missing["latest_status"], strict=True)) == {
        ("EMP-PAGE-1", "withdrawn"), (FORMULA_REF, "none"), ("EMP-PAGE-3", "none"),
    }  # fmt: skip
    coverage = next(d.value for d in at.dataframe if "valid_grants" in d.value.columns)
    assert dict(zip(coverage["purpose"], coverage["valid_grants"], strict=True)) == {
        "biometric-attendance": 1, "payroll": 1,
    }  # fmt: skip


def test_northwind_admin_reaches_the_page_for_their_own_tenant(demo_acme: Demo) -> None:
    at = consent_page("admin@northwind-health.example")
    assert "Northwind Health System, Inc." in main_text(at)
    assert "EMP-PAGE" not in main_text(at)


@pytest.mark.parametrize("email", [CLIENT_VIEWER, ACCOUNT_MANAGER, EXECUTIVE, PLATFORM_ADMIN])
def test_only_client_admins_may_open_the_page(demo_acme: Demo, email: str) -> None:
    at = open_app(email)
    assert not at.exception
    with pytest.raises(ValueError):
        at.switch_page(CONSENT)


def test_searching_a_subject_shows_their_history_and_evidence(demo_acme: Demo) -> None:
    at = consent_page()
    at.text_input(key="consent_subject_ref").input("EMP-PAGE-1").run()
    assert not at.exception
    history = next(d.value for d in at.dataframe if "recorded_by" in d.value.columns)
    assert list(history["status"]) == ["granted", "withdrawn"]
    assert "biometric-attendance: withdrawn" in main_text(at)
    at.text_input(key="consent_subject_ref").input(" EMP-PAGE-4 ").run()
    assert [b.label for b in at.download_button if b.key.startswith("evidence_")] == [
        next(b.label for b in at.download_button if "release.pdf" in b.label)
    ]
    at.text_input(key="consent_subject_ref").input("EMP-NOBODY").run()
    assert "Nothing is on record for 'EMP-NOBODY'." in [i.value for i in at.info]


def test_ledger_filters_and_exports_with_formulas_neutralised(
    demo_acme: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported: dict[str, bytes] = {}
    real = ui.to_csv

    def spy(rows: list, columns: list[str]) -> bytes:
        content = real(rows, columns)
        exported[",".join(columns)] = content
        return content

    monkeypatch.setattr(ui, "to_csv", spy)
    at = consent_page()
    at.selectbox(key="ledger_status").select("withdrawn").run()
    table = next(d.value for d in at.dataframe if "recorded_by" in d.value.columns)
    assert set(table["status"]) == {"withdrawn"} and list(table["subject_ref"]) == ["EMP-PAGE-1"]
    assert at.download_button(key="ledger_csv").label == "Download CSV"
    at.selectbox(key="ledger_status").select("").run()
    at.selectbox(key="ledger_purpose").select("payroll").run()
    table = next(d.value for d in at.dataframe if "recorded_by" in d.value.columns)
    assert set(table["purpose"]) == {"payroll"} and len(table) == 2
    ledger_csv = next(v for k, v in exported.items() if k.startswith("subject_ref,")).decode("utf-8-sig")
    assert f"'{FORMULA_REF}".replace('"', '""') in ledger_csv and "'@SUM(1)" in ledger_csv
    assert f",{FORMULA_REF}".replace('"', '""') not in ledger_csv


def test_import_through_the_page_reports_errors_then_imports(demo_acme: Demo) -> None:
    at = consent_page()
    before = counts()
    bad = csv_bytes([row("EMP-UP-1"), row("EMP-UP-2", method="electronic-click")])
    at.file_uploader(key="consent_upload").set_value(("bad.csv", bad, "text/csv")).run()
    preview = next(d.value for d in at.dataframe if list(d.value.columns) == HEADER)
    assert list(preview["subject_ref"]) == ["EMP-UP-1", "EMP-UP-2"]
    at.button(key="consent_import").click().run()
    assert [e.value for e in at.error] == ["1 problems found; nothing was written."]
    report = next(d.value for d in at.dataframe if "message" in d.value.columns)
    assert list(zip(report["row"], report["column"], strict=True)) == [(2, "method")]
    assert at.download_button(key="import_errors_csv").label == "Download the error report"
    assert counts() == before

    good = csv_bytes([row("EMP-UP-1"), row("EMP-UP-2", method="e-signature")])
    at.file_uploader(key="consent_upload").set_value(("good.csv", good, "text/csv")).run()
    at.button(key="consent_check").click().run()
    assert [s.value for s in at.success] == ["The file is valid: 2 new events, 0 already on record."]
    assert counts() == before
    at.button(key="consent_import").click().run()
    assert [s.value for s in at.success] == ["Imported 2 events; 0 were already on record."]
    assert counts()[1] == before[1] + 2
    at.button(key="consent_import").click().run()
    assert [s.value for s in at.success] == ["Imported 0 events; 2 were already on record."]


def test_recording_an_event_through_the_form(demo_acme: Demo) -> None:
    at = consent_page()
    at.text_input(key="rec_ref").input("EMP-FORM-1")
    at.selectbox(key="rec_purpose").select("biometric-attendance")
    at.selectbox(key="rec_method").select("electronic-click")
    at.text_input(key="rec_notice").input("BIO-RELEASE-2025.1")
    at.time_input(key="rec_time").set_value(time(0, 0))
    at.button(key="rec_submit").click().run()
    assert any("BIPA (740 ILCS 14/15(b))" in e.value for e in at.error)
    assert ledger.subject_history(login(CLIENT_ADMIN), demo_acme.tenant_id, "EMP-FORM-1") is None

    at.text_input(key="rec_ref").input("EMP-FORM-1")
    at.selectbox(key="rec_purpose").select("biometric-attendance")
    at.selectbox(key="rec_method").select("e-signature")
    at.text_input(key="rec_notice").input("BIO-RELEASE-2025.1")
    at.time_input(key="rec_time").set_value(time(0, 0))
    at.button(key="rec_submit").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == ["Recorded: biometric-attendance granted for EMP-FORM-1."]
    history = ledger.subject_history(login(CLIENT_ADMIN), demo_acme.tenant_id, "EMP-FORM-1")
    assert history is not None and history.current == {"biometric-attendance": "granted"}
