"""`python -m dashboard consents import`: every row checked before anything is written, all or
nothing on both databases, duplicates skipped, exit codes 0/1/2, one JSON object with --json."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from services.consent import ledger, pseudonyms
from services.csv_export import to_csv
from services.errors import PermissionDenied
from services.imports import consents
from services.imports.consents import import_consents
from services.imports.report import UnreadableFile
from tests.cli.runner import invoke
from tests.consent.conftest import HEADER, ConsentTenant, ago, counts, csv_bytes, row, years_before
from tests.factories import make_member


def run(tenant: str, content: bytes, tmp_path: Path, *flags: str) -> tuple[int, dict[str, Any]]:
    path = tmp_path / "consents.csv"
    path.write_bytes(content)
    result = invoke("consents", "import", "--tenant", tenant, str(path), "--json", *flags)
    return result.exit_code, json.loads(result.stdout)


def errors(report: dict[str, Any]) -> list[tuple[int, str]]:
    return [(e["row"], e["column"]) for e in report["errors"]]


def three_rows(ref: str) -> list[dict[str, str]]:
    return [
        row(ref, captured_at=ago(days=20).isoformat()),
        row(ref, status="withdrawn", captured_at=ago(days=10).isoformat(), method="verbal-recorded"),
        row(f"{ref}-B", purpose="payroll", method="electronic-click"),
    ]


# --- success, duplicates, dry run ---------------------------------------------------------------


def test_import_then_the_same_file_again_imports_nothing(
    acme: ConsentTenant, ref: str, tmp_path: Path
) -> None:
    before = counts()
    content = csv_bytes(three_rows(ref))
    assert run(acme.slug, content, tmp_path) == (0, {"imported": 3, "duplicates": 0, "errors": []})
    assert counts() == (before[0] + 2, before[1] + 3, before[2])
    assert run(acme.slug, content, tmp_path) == (0, {"imported": 0, "duplicates": 3, "errors": []})
    assert counts() == (before[0] + 2, before[1] + 3, before[2])
    history = ledger.subject_history(acme.admin, acme.id, ref)
    assert history is not None and [e.status for e in history.events] == ["granted", "withdrawn"]
    assert {e.recorded_by for e in history.events} == {"system:cli"}


def test_identical_rows_in_one_file_are_stored_once(acme: ConsentTenant, ref: str, tmp_path: Path) -> None:
    same = row(ref)
    assert run(acme.slug, csv_bytes([same, same, same]), tmp_path) == (
        0, {"imported": 1, "duplicates": 2, "errors": []},
    )  # fmt: skip


def test_a_row_matching_a_recorded_event_is_a_duplicate(
    acme: ConsentTenant, ref: str, tmp_path: Path
) -> None:
    at = ago(days=3)
    ledger.record_event(acme.admin, acme.id, ledger.EventDraft(
        ref, "employee", "biometric-attendance", "granted", at, "written", "BIO-1"))  # fmt: skip
    same_instant = at.astimezone(timezone(timedelta(hours=-6))).isoformat()  # written with another offset
    content = csv_bytes([row(ref, captured_at=same_instant), row(ref, status="refused")])
    assert run(acme.slug, content, tmp_path)[1] == {"imported": 1, "duplicates": 1, "errors": []}


def test_dry_run_checks_and_counts_but_writes_nothing(acme: ConsentTenant, ref: str, tmp_path: Path) -> None:
    before = counts()
    code, report = run(acme.slug, csv_bytes(three_rows(ref)), tmp_path, "--dry-run")
    assert (code, report) == (0, {"imported": 3, "duplicates": 0, "errors": []})
    assert counts() == before
    bad = csv_bytes([*three_rows(ref), row(ref, purpose="marketing")])
    assert run(acme.slug, bad, tmp_path, "--dry-run") == (
        1, {"imported": 0, "duplicates": 0, "errors": [
            {"row": 4, "column": "purpose",
             "message": "'marketing' is not a purpose in the tenant's approved processing instructions"}]},
    )  # fmt: skip


def test_text_output_without_json(acme: ConsentTenant, ref: str, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(csv_bytes([row(ref), row(ref, method="electronic-click", status="refused"),
                                row(ref, method="telepathy")]))  # fmt: skip
    result = invoke("consents", "import", "--tenant", acme.slug, str(path))
    assert result.exit_code == 1
    assert "row 3, method: unknown value 'telepathy'" in result.stderr
    assert "imported 0, duplicates 0, errors 1 (nothing written" in result.stdout


# --- all or nothing -----------------------------------------------------------------------------


def test_one_invalid_row_after_many_chunks_writes_nothing(
    acme: ConsentTenant, ref: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(consents, "CHUNK", 3)  # many chunks from a small file
    rows = [row(f"{ref}-{n}", captured_at=ago(days=1, minutes=n).isoformat()) for n in range(20)]
    before = counts()
    code, report = run(acme.slug, csv_bytes([*rows, row(f"{ref}-x", method="electronic-click")]), tmp_path)
    assert (code, errors(report), report["imported"]) == (1, [(21, "method")], 0)
    assert counts() == before
    assert run(acme.slug, csv_bytes(rows), tmp_path)[1]["imported"] == 20


def test_a_failure_while_writing_rolls_back_every_chunk(
    acme: ConsentTenant, ref: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(consents, "CHUNK", 2)
    real, calls = pseudonyms.encrypt, []

    def failing(text: str) -> str:
        calls.append(text)
        if len(calls) == 5:  # in the third chunk, after two were inserted
            raise RuntimeError("disk full")
        return real(text)

    monkeypatch.setattr(pseudonyms, "encrypt", failing)
    before = counts()
    with pytest.raises(RuntimeError, match="disk full"):
        import_consents(acme.admin, acme.slug, csv_bytes([row(f"{ref}-{n}") for n in range(8)]))
    assert counts() == before


# --- exit code 2: the file cannot be used at all -------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "The file is empty"),
     (b"\xff\xfe" + "subject_ref".encode("utf-16-le"), "not UTF-8"),
     (",".join(HEADER).encode("latin-1") + "\nEMP-\xe9,employee".encode("latin-1"), "not UTF-8"),
     (b"subject_ref,subject_type,purpose,status,captured_at,method\n",
      "Missing required columns: notice_version"),
     (",".join([*HEADER, "comment"]).encode(), "Unknown columns: comment"),
     (b"subject_ref,subject_ref,subject_type,purpose,status,captured_at,method,notice_version\n",
      "Repeated columns: subject_ref"),
     (",".join(HEADER).encode() + b'\n"EMP-1"x,employee\n', "not valid CSV")],
)  # fmt: skip
def test_unusable_file_exits_2_with_one_json_object(
    acme: ConsentTenant, tmp_path: Path, content: bytes, message: str
) -> None:
    before = counts()
    code, report = run(acme.slug, content, tmp_path)
    assert code == 2
    assert report["imported"] == 0 and len(report["errors"]) == 1
    assert report["errors"][0]["row"] == 0 and message in report["errors"][0]["message"]
    assert counts() == before


def test_missing_file_and_unknown_tenant_exit_2(acme: ConsentTenant, tmp_path: Path) -> None:
    missing = invoke("consents", "import", "--tenant", acme.slug, str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    code, report = run("no-such-tenant", csv_bytes([row()]), tmp_path)
    assert code == 2 and report["errors"][0]["message"] == "Unknown tenant 'no-such-tenant'."


# --- the format ---------------------------------------------------------------------------------


def test_header_in_any_order_bom_quotes_and_crlf(acme: ConsentTenant, ref: str, tmp_path: Path) -> None:
    header = list(reversed(HEADER[:7]))
    text = csv_bytes([row(ref, notice_version='BIO "2025", rev. 1\nIllinois')], header, bom=True)
    code, report = run(acme.slug, text.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), tmp_path)
    assert (code, report["imported"]) == (0, 1)
    history = ledger.subject_history(acme.admin, acme.id, ref)
    assert history is not None
    assert history.events[0].notice_version == 'BIO "2025", rev. 1\r\nIllinois'


def test_rows_are_numbered_from_one_and_malformed_rows_reported(
    acme: ConsentTenant, ref: str, tmp_path: Path
) -> None:
    content = csv_bytes([row(ref), row(ref, status="maybe")]) + b"just,three,fields\n"
    code, report = run(acme.slug, content, tmp_path)
    assert code == 1
    assert report["errors"] == [
        {"row": 2, "column": "status",
         "message": "unknown value 'maybe' (allowed: granted, withdrawn, refused, expired)"},
        {"row": 3, "column": "", "message": "expected 11 fields, found 3"},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("written", "stored"),
    [("2025-03-01T10:00:00+02:00", datetime(2025, 3, 1, 8, tzinfo=UTC)),
     ("2025-03-01T10:00:00Z", datetime(2025, 3, 1, 10, tzinfo=UTC)),
     ("2025-03-01T10:00:00", datetime(2025, 3, 1, 16, tzinfo=UTC)),  # the tenant's zone: Chicago
     ("2025-07-01", datetime(2025, 7, 1, 5, tzinfo=UTC))],  # midnight in Chicago, summer time
)  # fmt: skip
def test_captured_at_with_offset_or_in_the_tenants_zone(
    acme: ConsentTenant, ref: str, tmp_path: Path, written: str, stored: datetime
) -> None:
    assert run(acme.slug, csv_bytes([row(ref, captured_at=written)]), tmp_path)[0] == 0
    history = ledger.subject_history(acme.admin, acme.id, ref)
    assert history is not None and history.events[0].captured_at == stored


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "is required"), ("01/03/2025", "'01/03/2025' is not an ISO 8601 date"),
     ("0001-01-01T00:00:00+05:00", "out of range")],
)  # fmt: skip
def test_bad_captured_at_is_a_row_error(
    acme: ConsentTenant, tmp_path: Path, value: str, message: str
) -> None:
    code, report = run(acme.slug, csv_bytes([row(captured_at=value)]), tmp_path)
    assert code == 1 and errors(report) == [(1, "captured_at")]
    assert message in report["errors"][0]["message"]


@pytest.mark.parametrize(
    ("fields", "column"),
    [({"notice_version": "N" * 65}, "notice_version"), ({"notice_version": "a\x00b"}, "notice_version"),
     ({"guardian_ref": "G" * 101}, "guardian_ref"), ({"subject_ref": "\U0001f600" * 80}, "subject_ref"),
     ({"subject_ref": "a\x00b"}, "subject_ref")],
)  # fmt: skip
def test_text_a_column_cannot_hold_is_a_row_error_not_a_database_crash(
    acme: ConsentTenant, tmp_path: Path, fields: dict[str, str], column: str
) -> None:
    before = counts()
    code, report = run(acme.slug, csv_bytes([row(**fields)]), tmp_path)
    assert (code, errors(report), counts()) == (1, [(1, column)], before)


# --- every rule, row by row -----------------------------------------------------------------------


def test_every_rule_is_reported_per_row_with_its_column(
    acme: ConsentTenant, ref: str, tmp_path: Path
) -> None:
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    rows = [
        row(ref),                                                        # 1 fine
        row(f"{ref}-2", purpose="pension"),                              # 2 only in a draft
        row(f"{ref}-3", captured_at=future),                             # 3 future
        row(f"{ref}-4", method="electronic-click"),                      # 4 BIPA
        row(f"{ref}-5", status="withdrawn"),                             # 5 no grant
        row(f"{ref}-6", purpose="payroll", date_of_birth="2015-01-01",
            method="electronic-click", jurisdiction="coppa"),            # 6 child
        row(f"{ref}-7", subject_type="visitor"),                         # 7 not covered
        row(f"{ref}-8", date_of_birth="2015-13-01"),                     # 8 bad date
        row(f"{ref}-9", evidence_sha256="xyz"),                          # 9 bad hash
    ]  # fmt: skip
    before = counts()
    code, report = run(acme.slug, csv_bytes(rows), tmp_path)
    assert code == 1 and report["imported"] == 0 and counts() == before
    assert errors(report) == [
        (2, "purpose"), (3, "captured_at"), (4, "method"), (5, "status"), (6, "guardian_ref"), (6, "method"),
        (7, "subject_type"), (8, "date_of_birth"), (9, "evidence_sha256"),
    ]  # fmt: skip


def test_withdrawal_may_precede_its_grant_in_the_file(acme: ConsentTenant, ref: str, tmp_path: Path) -> None:
    rows = [row(ref, status="withdrawn", captured_at=ago(days=1).isoformat()),
            row(ref, captured_at=ago(days=2).isoformat())]  # fmt: skip
    assert run(acme.slug, csv_bytes(rows), tmp_path)[1]["imported"] == 2
    early = [row(f"{ref}-2", status="withdrawn", captured_at=ago(days=3).isoformat()),
             row(f"{ref}-2", captured_at=ago(days=2).isoformat())]  # fmt: skip
    assert errors(run(acme.slug, csv_bytes(early), tmp_path)[1]) == [(1, "status")]


def test_withdrawal_of_a_grant_already_on_record(acme: ConsentTenant, ref: str, tmp_path: Path) -> None:
    assert run(acme.slug, csv_bytes([row(ref, captured_at=ago(days=5).isoformat())]), tmp_path)[0] == 0
    later = row(ref, status="withdrawn", captured_at=ago(days=1).isoformat())
    assert run(acme.slug, csv_bytes([later]), tmp_path)[1]["imported"] == 1


def test_a_subject_keeps_one_type(acme: ConsentTenant, ref: str, tmp_path: Path) -> None:
    rows = [row(ref, purpose="visitor-badge"), row(ref, purpose="visitor-badge", subject_type="visitor",
                                                  status="refused")]  # fmt: skip
    assert errors(run(acme.slug, csv_bytes(rows), tmp_path)[1]) == [(2, "subject_type")]
    assert run(acme.slug, csv_bytes(rows[:1]), tmp_path)[0] == 0
    assert errors(run(acme.slug, csv_bytes(rows[1:]), tmp_path)[1]) == [(1, "subject_type")]


def test_a_known_birth_date_makes_every_grant_of_a_child_need_a_guardian(
    klinik: ConsentTenant, ref: str, tmp_path: Path
) -> None:
    captured = ago(days=10)
    born = years_before(captured.date(), 12).isoformat()
    child = {"subject_type": "patient", "captured_at": captured.isoformat(), "method": "guardian-written",
             "guardian_ref": "G-1"}  # fmt: skip
    bare = row(ref, subject_type="patient", purpose="face-check-in", captured_at=captured.isoformat())
    in_file = [row(ref, purpose="patient-records", date_of_birth=born, **child), bare]
    assert errors(run(klinik.slug, csv_bytes(in_file), tmp_path)[1]) == [(2, "guardian_ref"), (2, "method")]
    assert run(klinik.slug, csv_bytes(in_file[:1]), tmp_path)[0] == 0
    assert errors(run(klinik.slug, csv_bytes([bare]), tmp_path)[1]) == [(1, "guardian_ref"), (1, "method")]
    other_birthday = row(ref, purpose="face-check-in", date_of_birth="2001-01-01", **child)
    assert errors(run(klinik.slug, csv_bytes([other_birthday]), tmp_path)[1]) == [(1, "date_of_birth")]


# --- formula injection, permissions, progress ---------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+SUM(A1:A9)", "-2+3", "@cmd|' /C calc'!A0"]


def test_formula_like_values_are_stored_as_text_and_neutralised_on_export(
    acme: ConsentTenant, ref: str, tmp_path: Path
) -> None:
    rows = [row(f"{formula}{ref}", notice_version=formula) for formula in FORMULAS]
    assert run(acme.slug, csv_bytes(rows), tmp_path)[1]["imported"] == 4
    events, _ = ledger.search_ledger(acme.admin, acme.id, limit=100_000)
    mine = [e for e in events if e.subject_ref.endswith(ref)]
    assert sorted(e.subject_ref for e in mine) == sorted(f"{f}{ref}" for f in FORMULAS)  # stored as is
    exported = to_csv([vars(e) for e in mine], ["subject_ref", "notice_version"]).decode("utf-8-sig")
    cells = [cell for line in list(csv.reader(io.StringIO(exported)))[1:] for cell in line]
    assert len(cells) == 8 and all(cell.startswith("'") for cell in cells), cells
    assert sorted(cells) == sorted(["'" + f + ref for f in FORMULAS] + ["'" + f for f in FORMULAS])


def test_import_needs_consent_write_and_sees_only_own_tenants(
    acme: ConsentTenant, klinik: ConsentTenant, ref: str
) -> None:
    with pytest.raises(PermissionDenied, match="consent:write"):
        import_consents(make_member(acme.id, "client_viewer"), acme.slug, csv_bytes([row(ref)]))
    with pytest.raises(UnreadableFile, match="Unknown tenant 'klinik-test'"):
        import_consents(acme.admin, klinik.slug, csv_bytes([row(ref)]))


def test_progress_reports_every_pass(acme: ConsentTenant, ref: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(consents, "CHUNK", 2)
    seen: list[tuple[int, str]] = []
    rows = [row(f"{ref}-{n}") for n in range(5)]
    import_consents(acme.admin, acme.slug, csv_bytes(rows), lambda done, stage: seen.append((done, stage)))
    assert seen == [(2, "checking rows"), (4, "checking rows"), (2, "checking the ledger"),
                    (4, "checking the ledger"), (5, "checking the ledger"), (2, "writing"), (4, "writing"),
                    (5, "writing")]  # fmt: skip
