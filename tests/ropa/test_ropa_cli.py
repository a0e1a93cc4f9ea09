"""`ropa export`: every format written, one-line errors on bad input."""

import io
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from tests.cli.runner import invoke
from tests.ropa.conftest import World


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_writes_each_format(world: World, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"ropa.{fmt}"
    result = invoke("ropa", "export", "--format", fmt, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines() == [
        f"Wrote the record of processing to {out} ({out.stat().st_size:,} bytes)."
    ]
    assert out.stat().st_size > 0


def test_tenant_option_limits_the_record(world: World, tmp_path: Path) -> None:
    out = tmp_path / "klinik.pdf"
    result = invoke("ropa", "export", "--format", "pdf", "--out", str(out), "--tenant", "rhein-klinik")
    assert result.exit_code == 0, result.output
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Rhein-Klinik Düsseldorf GmbH" in text
    assert "Acme Manufacturing Co." not in text


def test_format_is_case_insensitive(world: World, tmp_path: Path) -> None:
    out = tmp_path / "ropa.xlsx"
    assert invoke("ropa", "export", "--format", "XLSX", "--out", str(out)).exit_code == 0
    assert "Processing" in pd.read_excel(io.BytesIO(out.read_bytes()), sheet_name=None, engine="openpyxl")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "csv", "--tenant", "nope"], "No tenant 'nope'"),
        (["--format", "docx"], "Unknown format 'docx'"),
    ],
)
def test_bad_input_fails_with_one_line(world: World, tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "ropa.out"
    result = invoke("ropa", "export", "--out", str(out), *args)
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_unwritable_path_fails_with_one_line(world: World, tmp_path: Path) -> None:
    out = tmp_path / "missing-folder" / "ropa.csv"
    result = invoke("ropa", "export", "--format", "csv", "--out", str(out))
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"error: cannot write {out}: No such file or directory"]
