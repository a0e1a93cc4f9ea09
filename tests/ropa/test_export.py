"""The record as CSV, XLSX and PDF: readable back, complete, and safe to open."""

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from services.errors import InvalidInput
from services.ropa import export as ropa
from services.ropa.record import build_record
from tests.factories import SYSTEM
from tests.ropa.conftest import World

PURPOSES = {"patient-records", "appointment-reminders", "payroll"}


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_csv_has_one_row_per_purpose_and_a_line_for_missing_instructions(world: World) -> None:
    content = ropa.export(build_record(SYSTEM), "csv")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert {r["purpose"] for r in rows if r["purpose"]} == PURPOSES
    missing = [r for r in rows if not r["purpose"]]
    assert [(r["controller_slug"], r["service"], r["description"]) for r in missing] == [
        ("acme", "attendance", ropa.NO_INSTRUCTIONS)
    ]
    klinik = next(r for r in rows if r["purpose"] == "patient-records")
    assert klinik["controller"] == "Rhein-Klinik Düsseldorf GmbH"
    assert (klinik["special_category"], klinik["processor"]) == ("yes", "Smartnex Technologies")
    assert klinik["transfers"] == "US: Twilio Inc. (standard-contractual-clauses)"


def test_csv_neutralises_formulas(world: World) -> None:
    content = ropa.export(build_record(SYSTEM), "csv").decode("utf-8-sig")
    payroll = next(r for r in csv.DictReader(io.StringIO(content)) if r["purpose"] == "payroll")
    assert payroll["subprocessors"] == '\'=HYPERLINK("x")'


def test_xlsx_has_the_sheets_and_rows(world: World) -> None:
    content = ropa.export(build_record(SYSTEM), "xlsx")
    sheets = pd.read_excel(io.BytesIO(content), sheet_name=None, engine="openpyxl")
    assert list(sheets) == ["Processor", "Controllers", "Processing", "Transfers", "Subprocessors",
                            "Security measures"]  # fmt: skip
    assert "Smartnex Technologies" in sheets["Processor"]["value"].tolist()
    assert set(sheets["Processing"]["purpose"].dropna()) == PURPOSES
    assert len(sheets["Processing"]) == 4  # three purposes and acme's attendance line
    assert sheets["Transfers"][["country", "recipient"]].values.tolist() == [["US", "Twilio Inc."]]
    assert sorted(sheets["Subprocessors"]["subprocessor"]) == ["=HYPERLINK(\"x\")", "Hetzner Online GmbH",
                                                              "Twilio Inc."]  # fmt: skip
    assert len(sheets["Security measures"]) == len(build_record(SYSTEM).security_measures)
    klinik = sheets["Controllers"].set_index("controller_slug").loc["rhein-klinik"]
    assert (klinik["dpa_version"], klinik["breach_notice_hours"]) == (2.0, 48)


def test_xlsx_keeps_formula_like_text_as_text(world: World) -> None:
    book = load_workbook(io.BytesIO(ropa.export(build_record(SYSTEM), "xlsx")))
    cells = [c for row in book["Subprocessors"].iter_rows() for c in row if c.value == '=HYPERLINK("x")']
    assert cells and all(c.data_type == "s" for c in cells)


def test_pdf_names_every_controller_and_purpose(world: World) -> None:
    text = pdf_text(ropa.export(build_record(SYSTEM), "pdf"))
    assert "Record of processing activities" in text
    for expected in ["Smartnex Technologies", "Rhein-Klinik Düsseldorf GmbH", "Acme Manufacturing Co.",
                     *PURPOSES, "Twilio Inc.", ropa.NO_INSTRUCTIONS, "Tenant isolation"]:  # fmt: skip
        assert expected in text
    assert "draft-only-purpose" not in text


def test_pdf_without_a_unicode_font_falls_back_to_helvetica(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ropa, "FONT_FILES", ())
    text = pdf_text(ropa.export(build_record(SYSTEM), "pdf"))
    assert "Rhein-Klinik Düsseldorf GmbH" in text
    assert "Keep patients' records – for treatment" in text


def test_latin_fallback_transliterates_what_helvetica_cannot_show() -> None:
    assert ropa._latin("Düsseldorf – “Łódź” Ōsaka ✓") == "Düsseldorf – “Lódz” Osaka ?"


def test_file_name_says_the_scope_and_format(world: World) -> None:
    record = build_record(world.klinik_admin, world.klinik.id)
    assert ropa.file_name(record, "pdf").startswith("record-of-processing-rhein-klinik-")
    assert ropa.file_name(build_record(SYSTEM), "csv").startswith("record-of-processing-all-clients-")


def test_unknown_format_is_refused(world: World) -> None:
    with pytest.raises(InvalidInput, match="choose one of csv, xlsx, pdf"):
        ropa.export(build_record(SYSTEM), "docx")
