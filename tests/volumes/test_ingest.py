"""`volumes ingest`: CSV or JSON lines, validated first, upserted by key (harmless to repeat)."""

import json
from datetime import date
from pathlib import Path

import pytest

from services import tenants
from services.metric_scope import Scope
from services.tenants import TenantDraft
from services.volumes.metrics import totals_by_day
from tests.cli.runner import invoke
from tests.factories import SYSTEM

HEADER = "date,tenant,service,category,records_total,records_created,records_deleted\n"
ROWS = (
    "2026-11-01,alpha,healthcare,phi,1000,10,2\n"
    "2026-11-01,alpha,healthcare,contact,900,9,1\n"
    "2026-11-02,alpha,healthcare,phi,1008,10,2\n"
)


@pytest.fixture
def alpha(db: str) -> int:
    draft = TenantDraft("alpha", "Alpha Care", "GB", "Europe/London", ["UK-GDPR"], ["healthcare"])
    return tenants.create_tenant(SYSTEM, draft).id


def ingest(tmp_path: Path, text: str, name: str = "volumes.csv") -> tuple[int, dict]:
    path = tmp_path / name
    path.write_text(text)
    result = invoke("volumes", "ingest", str(path), "--json")
    return result.exit_code, json.loads(result.stdout)


def held(tenant_id: int) -> list[tuple[date, str, int]]:
    return totals_by_day(SYSTEM, Scope(tenant_id, date(2026, 1, 1), date(2026, 12, 31)), "category")


def test_csv_then_same_again_changes_nothing(alpha: int, tmp_path: Path) -> None:
    assert ingest(tmp_path, HEADER + ROWS) == (
        0,
        {"imported": 3, "updated": 0, "duplicates": 0, "errors": []},
    )
    first = held(alpha)
    assert ingest(tmp_path, HEADER + ROWS) == (
        0,
        {"imported": 0, "updated": 0, "duplicates": 3, "errors": []},
    )
    assert held(alpha) == first


def test_changed_figures_update_in_place(alpha: int, tmp_path: Path) -> None:
    ingest(tmp_path, HEADER + ROWS)
    code, report = ingest(tmp_path, HEADER + ROWS.replace("1008,10,2", "1011,13,2"))
    assert (code, report["updated"], report["duplicates"]) == (0, 1, 2)
    assert (date(2026, 11, 2), "phi", 1011) in held(alpha)


def test_json_lines(alpha: int, tmp_path: Path) -> None:
    line = {
        "date": "2026-11-03",
        "tenant": "alpha",
        "service": "healthcare",
        "category": "usage",
        "records_total": 50,
        "records_created": 5,
        "records_deleted": 0,
    }
    code, report = ingest(tmp_path, json.dumps(line) + "\n\n", "volumes.jsonl")
    assert (code, report["imported"]) == (0, 1)


def test_invalid_rows_write_nothing(alpha: int, tmp_path: Path) -> None:
    bad = (
        ROWS
        + "2026-11-02,beta,healthcare,phi,1,1,1\n"
        + "2026-11-02,alpha,attendance,biometric,1,1,1\n"
        + "2026-11-02,alpha,healthcare,dna,1,1,1\n"
        + "2026-11-02,alpha,healthcare,usage,-5,1,x\n"
        + "2026-11-01,alpha,healthcare,phi,1000,10,2\n"
        + "2099-01-01,alpha,healthcare,usage,1,1,1\n"
    )
    code, report = ingest(tmp_path, HEADER + bad)
    assert code == 1
    assert {(e["row"], e["column"]) for e in report["errors"]} == {
        (4, "tenant"),
        (5, "service"),
        (6, "category"),
        (7, "records_total"),
        (7, "records_deleted"),
        (8, "date"),
        (9, "date"),
    }
    assert held(alpha) == []


def test_bad_json_line_is_a_row_error(alpha: int, tmp_path: Path) -> None:
    code, report = ingest(tmp_path, '{"date": "2026-11-03"}\n{not json\n', "v.jsonl")
    assert code == 1
    assert [e["row"] for e in report["errors"]] == [1, 2]


def test_unreadable_files_exit_2(alpha: int, tmp_path: Path) -> None:
    assert invoke("volumes", "ingest", str(tmp_path / "missing.csv")).exit_code == 2
    (tmp_path / "empty.csv").write_text("")
    assert invoke("volumes", "ingest", str(tmp_path / "empty.csv")).exit_code == 2
    (tmp_path / "short.csv").write_text("date,tenant\n2026-11-01,alpha\n")
    assert invoke("volumes", "ingest", str(tmp_path / "short.csv")).exit_code == 2
