"""`requests import` and `requests list`: the CLI contract on SQLite and PostgreSQL."""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from services.rights.register import RequestFilter, list_requests
from tests.cli.runner import invoke
from tests.factories import SYSTEM, make_tenant

HEADER = "external_ref,request_type,jurisdiction,subject_type,received_at,status,extended,closed_at\n"
GOOD = (
    HEADER
    + "R-1,access,GDPR,patient,2026-01-31,completed,false,2026-02-20\n"
    + "R-2,deletion,CCPA;GDPR,employee,2026-03-01T23:30:00-08:00,in_progress,,\n"
    + '"R-3",correction,HIPAA,patient,2026-01-10,extended,true,\n'
)


def write(tmp_path: Path, text: str | bytes, name: str = "requests.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def run(path: Path, slug: str = "alpha") -> tuple[int, dict]:
    result = invoke("requests", "import", "--tenant", slug, str(path), "--json")
    return result.exit_code, json.loads(result.stdout)


def stored(tenant_id: int) -> list[str]:
    return [r.external_ref for r in list_requests(SYSTEM, RequestFilter(tenant_id=tenant_id))]


@pytest.fixture
def alpha(db: str) -> int:
    return make_tenant("alpha", laws=["GDPR"]).id


def test_valid_file_imports_every_row(alpha: int, tmp_path: Path) -> None:
    code, report = run(write(tmp_path, GOOD))
    assert (code, report) == (0, {"imported": 3, "duplicates": 0, "errors": []})
    assert sorted(stored(alpha)) == ["R-1", "R-2", "R-3"]


def test_reimport_is_all_duplicates(alpha: int, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    run(path)
    assert run(path) == (0, {"imported": 0, "duplicates": 3, "errors": []})
    assert len(stored(alpha)) == 3


def test_bom_and_any_column_order(alpha: int, tmp_path: Path) -> None:
    text = (
        "\ufeffsubject_type,received_at,external_ref,jurisdiction,request_type\n"
        "patient,2026-02-01,X-1,GDPR,access\n"
    )
    assert run(write(tmp_path, text.encode("utf-8")))[0] == 0
    assert stored(alpha) == ["X-1"]


def test_one_bad_row_writes_nothing(alpha: int, tmp_path: Path) -> None:
    future = (date.today() + timedelta(days=30)).isoformat()
    text = (
        GOOD
        + "R-4,access,MARS,patient,2026-01-01,,,\n"
        + f"R-5,access,GDPR,patient,{future},,,\n"
        + "R-6,access,DPDP,patient,2026-01-01,,true,\n"
        + "R-7,access,GDPR,patient,2026-01-01,completed,,\n"
        + "R-1,access,GDPR,patient,2026-01-01,,,\n"
        + "R-8,access,GDPR,patient,31/01/2026,,,\n"
        + "R-9,access,GDPR\n"
    )
    code, report = run(write(tmp_path, text))
    assert code == 1
    assert report["imported"] == 0
    found = {(e["row"], e["column"]) for e in report["errors"]}
    assert found == {
        (4, "jurisdiction"),
        (5, "received_at"),
        (6, "extended"),
        (7, "closed_at"),
        (8, "external_ref"),
        (9, "received_at"),
        (10, ""),
    }
    assert all(e["message"] for e in report["errors"])
    assert stored(alpha) == []


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "empty"),
        (b"\xff\xfe\x00x", "not UTF-8"),
        (b"external_ref,request_type\nR-1,access\n", "Missing required columns"),
        (
            HEADER.replace("closed_at", "closed_on").encode() + b"R,access,GDPR,patient,2026-01-01,,,\n",
            "Unknown columns",
        ),
    ],
)
def test_unreadable_file_exits_2(alpha: int, tmp_path: Path, content: bytes, why: str) -> None:
    result = invoke("requests", "import", "--tenant", "alpha", str(write(tmp_path, content)))
    assert result.exit_code == 2
    assert why in result.output
    assert stored(alpha) == []


def test_missing_file_and_unknown_tenant_exit_2(alpha: int, tmp_path: Path) -> None:
    assert invoke("requests", "import", "--tenant", "alpha", str(tmp_path / "nope.csv")).exit_code == 2
    assert invoke("requests", "import", "--tenant", "nope", str(write(tmp_path, GOOD))).exit_code == 2


def test_received_at_with_offset_is_the_tenants_local_date(db: str, tmp_path: Path) -> None:
    from services import tenants
    from services.tenants import TenantDraft

    tenants.create_tenant(
        SYSTEM, TenantDraft("la", "LA Clinic", "US", "America/Los_Angeles", ["CCPA"], ["hrms"])
    )
    text = HEADER + "L-1,access,CCPA,patient,2026-03-02T05:30:00Z,,,\n"  # 21:30 on 1 March in LA
    run(write(tmp_path, text), "la")
    listed = json.loads(invoke("requests", "list", "--tenant", "la", "--json").stdout)
    assert listed[0]["received_at"] == "2026-03-01"
    assert listed[0]["due_date"] == "2026-04-15"


def test_formula_text_is_stored_as_text(alpha: int, tmp_path: Path) -> None:
    run(write(tmp_path, HEADER + "=HYPERLINK(1),access,GDPR,patient,2026-01-05,,,\n"))
    assert stored(alpha) == ["=HYPERLINK(1)"]


def test_list_json_contract(alpha: int, tmp_path: Path) -> None:
    run(write(tmp_path, GOOD))
    result = invoke("requests", "list", "--tenant", "alpha", "--as-of", "2026-03-05", "--json")
    assert result.exit_code == 0
    rows = {r["external_ref"]: r for r in json.loads(result.stdout)}
    r1, r2, r3 = rows["R-1"], rows["R-2"], rows["R-3"]
    assert (r1["due_date"], r1["deciding_law"], r1["overdue"], r1["status"]) == (
        "2026-03-02",
        "GDPR",
        False,
        "completed",
    )
    assert (r2["jurisdictions"], r2["received_at"], r2["due_date"], r2["deciding_law"]) == (
        ["CCPA", "GDPR"],
        "2026-03-02",  # 23:30 in California is the next morning in London, the tenant's zone
        "2026-04-02",
        "GDPR",
    )
    assert r2["overdue"] is False
    assert (r3["extended"], r3["due_date"], r3["deciding_law"], r3["overdue"]) == (
        True,
        "2026-04-10",
        "HIPAA",
        False,
    )
    late = {
        r["external_ref"]: r
        for r in json.loads(
            invoke("requests", "list", "--tenant", "alpha", "--as-of", "2026-04-11", "--json").stdout
        )
    }
    assert (late["R-2"]["overdue"], late["R-3"]["overdue"], late["R-1"]["overdue"]) == (True, True, False)


def test_list_bad_as_of_and_unknown_tenant(alpha: int) -> None:
    assert invoke("requests", "list", "--tenant", "alpha", "--as-of", "yesterday").exit_code != 0
    result = invoke("requests", "list", "--tenant", "nope")
    assert result.exit_code == 1
    assert "No tenant 'nope'" in result.output
