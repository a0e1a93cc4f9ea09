"""The record of processing as CSV, XLSX or PDF bytes."""

import io
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from services.csv_export import to_csv
from services.errors import InvalidInput
from services.ropa.record import Controller, Record, ServiceProcessing, describe_dpa

NO_INSTRUCTIONS = "No approved instructions for this service"
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
FORMATS = tuple(MEDIA_TYPES)
CONTROLLER_COLUMNS = ["controller", "controller_slug", "country", "laws"]
PROCESSING_COLUMNS = [
    "processor", *CONTROLLER_COLUMNS, "contacts", "service", "instructions_version", "purpose",
    "description", "legal_basis", "data_subjects", "data_categories", "special_category", "operations",
    "transfers", "subprocessors",
]  # fmt: skip
TRANSFER_COLUMNS = ["controller", "controller_slug", "service", "instructions_version", "country",
                    "recipient", "safeguard"]  # fmt: skip
SUBPROCESSOR_COLUMNS = ["controller", "controller_slug", "service", "instructions_version", "subprocessor"]
TERM_COLUMNS = ["governing_law", "breach_notice_hours", "subprocessor_authorisation",
                "subprocessor_notice_days", "end_of_contract"]  # fmt: skip
CONTRACT_COLUMNS = [*CONTROLLER_COLUMNS, "contacts", "services", "purposes", "dpa_version", "dpa_signed_on",
                    *TERM_COLUMNS]  # fmt: skip


def file_name(record: Record, fmt: str) -> str:
    scope = record.scope_slug or "all-clients"
    return f"record-of-processing-{scope}-{record.generated_at:%Y-%m-%d}.{fmt}"


def export(record: Record, fmt: str) -> bytes:
    writers: dict[str, Callable[[Record], bytes]] = {"csv": to_csv_bytes, "xlsx": to_xlsx, "pdf": to_pdf}
    if fmt not in writers:
        raise InvalidInput(f"Unknown format '{fmt}': choose one of {', '.join(FORMATS)}.")
    return writers[fmt](record)


# Rows, shared by the CSV, the workbook and the page.


def _joined(values: Any) -> str:
    return ", ".join(values)


def _controller_cells(c: Controller) -> dict[str, Any]:
    return {
        "controller": c.legal_name,
        "controller_slug": c.slug,
        "country": c.country,
        "laws": _joined(c.laws),
    }


def _service_cells(c: Controller, s: ServiceProcessing) -> dict[str, Any]:
    transfers = "; ".join(f"{t.country}: {t.recipient} ({t.safeguard})" for t in s.transfers)
    return _controller_cells(c) | {
        "contacts": _joined(c.contacts),
        "service": s.service,
        "instructions_version": s.version,
        "transfers": transfers,
        "subprocessors": "; ".join(s.subprocessors),  # names may contain commas
    }


def processing_rows(record: Record) -> list[dict[str, Any]]:
    """One row per purpose of each current approved instruction set; one row saying so for a
    service (or a controller) with no approved instructions."""
    rows = []
    for c in record.controllers:
        for s in c.services or (ServiceProcessing(""),):
            base = (
                dict.fromkeys(PROCESSING_COLUMNS)
                | _service_cells(c, s)
                | {"processor": record.processor.name}
            )
            if not s.purposes:
                rows.append(base | {"description": NO_INSTRUCTIONS})
            for p in s.purposes:
                rows.append(
                    base
                    | {
                        "purpose": p.slug,
                        "description": p.description,
                        "legal_basis": p.legal_basis,
                        "data_subjects": _joined(p.data_subjects),
                        "data_categories": _joined(p.data_categories),
                        "special_category": "yes" if p.special_category else "no",
                        "operations": _joined(p.operations),
                    }
                )
    return rows


def transfer_rows(record: Record) -> list[dict[str, Any]]:
    return [
        _controller_cells(c)
        | {"service": s.service, "instructions_version": s.version}
        | {"country": t.country, "recipient": t.recipient, "safeguard": t.safeguard}
        for c in record.controllers
        for s in c.services
        for t in s.transfers
    ]


def subprocessor_rows(record: Record) -> list[dict[str, Any]]:
    return [
        _controller_cells(c) | {"service": s.service, "instructions_version": s.version, "subprocessor": name}
        for c in record.controllers
        for s in c.services
        for name in s.subprocessors
    ]


def controller_rows(record: Record) -> list[dict[str, Any]]:
    rows = []
    for c in record.controllers:
        row = _controller_cells(c) | {
            "contacts": _joined(c.contacts),
            "services": _joined(s.service for s in c.services),
            "purposes": c.purpose_count,
        }
        if c.dpa:
            row |= {"dpa_version": c.dpa.version, "dpa_signed_on": c.dpa.signed_on}
            row |= {name: getattr(c.dpa, name) for name in TERM_COLUMNS}
        rows.append(row)
    return rows


def processor_rows(record: Record) -> list[dict[str, Any]]:
    p = record.processor
    return [
        {"field": "Processor", "value": p.name},
        {"field": "Address", "value": p.address},
        {"field": "Contact email", "value": p.contact_email},
        {"field": "Data protection officer", "value": p.dpo_email},
        {"field": "Scope", "value": record.scope_label},
        {"field": "Generated (UTC)", "value": f"{record.generated_at:%Y-%m-%d %H:%M}"},
        {"field": "Generated by", "value": record.generated_by},
    ]


def to_csv_bytes(record: Record) -> bytes:
    return to_csv(processing_rows(record), PROCESSING_COLUMNS)


# XLSX


def to_xlsx(record: Record) -> bytes:
    sheets = [
        ("Processor", processor_rows(record), ["field", "value"]),
        ("Controllers", controller_rows(record), CONTRACT_COLUMNS),
        ("Processing", processing_rows(record), PROCESSING_COLUMNS),
        ("Transfers", transfer_rows(record), TRANSFER_COLUMNS),
        ("Subprocessors", subprocessor_rows(record), SUBPROCESSOR_COLUMNS),
        (
            "Security measures",
            [{"measure": m, "description": d} for m, d in record.security_measures],
            ["measure", "description"],
        ),
    ]
    book = Workbook()
    book.remove(book.active)
    for title, rows, columns in sheets:
        _sheet(book, title, rows, columns)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(book: Workbook, title: str, rows: list[dict[str, Any]], columns: list[str]) -> None:
    sheet = book.create_sheet(title)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.get(c) for c in columns])
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text that starts with "=" stays text, never a formula
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(columns, start=1):
        longest = max((len(str(r.get(column) or "")) for r in rows), default=0)
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(
            max(len(column), longest) + 2, 60
        )
    sheet.freeze_panes = "A2"


# PDF

# A Unicode font when the machine has one; otherwise Helvetica, with text it cannot encode
# transliterated (Windows-1252 covers accents, dashes and curly quotes).
FONT_FILES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
)
PURPOSE_WIDTHS = (22, 42, 76, 29, 24, 27, 15, 32)
PURPOSE_HEADINGS = ("Service", "Purpose", "Description", "Legal basis", "Data subjects", "Data categories",
                    "Special", "Operations")  # fmt: skip
TRANSFER_WIDTHS = (40, 30, 117, 80)
INDEX_WIDTHS = (66, 40, 16, 30, 45, 20, 50)
SUBPROCESSOR_WIDTHS = (40, 227)
INDEX_HEADINGS = ("Controller", "Slug", "Country", "Laws", "Services", "Purposes", "Current DPA")
HEADING_FILL = (226, 232, 240)
TABLE_STYLE = {"align": "LEFT", "text_align": "LEFT", "v_align": "TOP", "line_height": 4.6, "padding": 1.2}
UNDECOMPOSABLE = str.maketrans("ŁłĐđĦħı", "LlDdHhi")  # letters NFKD leaves whole


def _latin(text: str) -> str:
    """Text Helvetica can show: Windows-1252 as is, other letters without their accents."""
    out = []
    for char in text.translate(UNDECOMPOSABLE):
        try:
            char.encode("cp1252")
            out.append(char)
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", char).encode("cp1252", "ignore").decode("cp1252")
            out.append(plain or "?")
    return "".join(out)


class _Document(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="L", format="A4")
        self.footer_text = footer_text
        self.has_unicode_font = bool(FONT_FILES) and all(p.is_file() for p in FONT_FILES)
        if self.has_unicode_font:
            self.add_font("Body", "", FONT_FILES[0])
            self.add_font("Body", "B", FONT_FILES[1])
        else:
            self.core_fonts_encoding = "windows-1252"
        self.body_family = "Body" if self.has_unicode_font else "Helvetica"
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=15)

    def text_of(self, value: Any) -> str:
        text = "" if value is None else str(value)
        return text if self.has_unicode_font else _latin(text)

    def use_font(self, size: float, bold: bool = False) -> None:
        self.set_font(self.body_family, "B" if bold else "", size)

    def para(self, text: str, size: float = 10, bold: bool = False, height: float = 5.5) -> None:
        self.use_font(size, bold)
        self.multi_cell(0, height, self.text_of(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(self, text: str, size: float = 13) -> None:
        self.ln(3)
        self.para(text, size, bold=True, height=7)
        self.ln(1)

    def footer(self) -> None:
        self.set_y(-11)
        self.use_font(8)
        self.set_text_color(110)
        self.cell(0, 5, self.text_of(f"{self.footer_text}  ·  page {self.page_no()} of {{nb}}"), align="C")
        self.set_text_color(0)

    def table_of(self, widths: tuple[int, ...], headings: tuple[str, ...], rows: Iterator[list[Any]]) -> None:
        self.use_font(8.5)
        style = FontFace(emphasis="BOLD", fill_color=HEADING_FILL)
        with self.table(col_widths=widths, width=sum(widths), headings_style=style, **TABLE_STYLE) as table:
            table.row([self.text_of(h) for h in headings])
            for cells in rows:
                row = table.row()
                for value in cells:
                    if isinstance(value, tuple):  # (text, colspan)
                        row.cell(self.text_of(value[0]), colspan=value[1])
                    else:
                        row.cell(self.text_of(value))
        self.ln(2)


def to_pdf(record: Record) -> bytes:
    doc = _Document(f"{record.processor.name}: record of processing, {record.generated_at:%Y-%m-%d}")
    doc.set_title("Record of processing activities")
    doc.set_author(record.processor.name)
    doc.add_page()
    _cover(doc, record)
    for controller in record.controllers:
        doc.add_page()
        _controller_section(doc, controller)
    doc.add_page()
    doc.heading("Technical and organisational security measures (Art. 30(2)(d), Art. 32)", 15)
    for title, description in record.security_measures:
        doc.para(title, 10.5, bold=True)
        doc.para(description, 10)
        doc.ln(1.5)
    return bytes(doc.output())


def _cover(doc: _Document, record: Record) -> None:
    doc.para("Record of processing activities", 20, bold=True, height=10)
    doc.para("Kept by the processor under GDPR Art. 30(2)", 11)
    doc.set_text_color(90)
    doc.para(
        f"Generated {record.generated_at:%Y-%m-%d %H:%M} UTC by {record.generated_by}. "
        f"Scope: {record.scope_label}. Built from each controller's current approved instructions.",
        9,
    )
    doc.set_text_color(0)
    doc.heading("Processor")
    p = record.processor
    for label, value in (("Name", p.name), ("Address", p.address), ("Contact", p.contact_email),
                         ("Data protection officer", p.dpo_email)):  # fmt: skip
        doc.para(f"{label}: {value}")
    doc.heading("Controllers")
    rows = (
        [c.legal_name, c.slug, c.country, _joined(c.laws), _joined(s.service for s in c.services),
         c.purpose_count, f"{c.dpa.version}, signed {c.dpa.signed_on}" if c.dpa else "none signed"]
        for c in record.controllers
    )  # fmt: skip
    doc.table_of(INDEX_WIDTHS, INDEX_HEADINGS, rows)


def _controller_section(doc: _Document, c: Controller) -> None:
    doc.heading(f"Controller: {c.legal_name}", 15)
    doc.para(f"Slug: {c.slug}  ·  Country: {c.country}  ·  Laws: {_joined(c.laws) or 'none recorded'}")
    doc.para(f"Contacts (client admins): {_joined(c.contacts) or 'none recorded'}")
    doc.para(describe_dpa(c.dpa))
    doc.heading("Categories of processing", 11.5)
    doc.table_of(PURPOSE_WIDTHS, PURPOSE_HEADINGS, _purpose_cells(c))
    doc.heading("Transfers to third countries", 11.5)
    transfers = [(s.service, t) for s in c.services for t in s.transfers]
    if transfers:
        rows = ([service, t.country, t.recipient, t.safeguard] for service, t in transfers)
        doc.table_of(TRANSFER_WIDTHS, ("Service", "Country", "Recipient", "Safeguard"), rows)
    else:
        doc.para("None in the current approved instructions.")
    doc.heading("Subprocessors", 11.5)
    used = [[s.service, name] for s in c.services for name in s.subprocessors]
    if used:
        doc.table_of(SUBPROCESSOR_WIDTHS, ("Service", "Subprocessor"), iter(used))
    else:
        doc.para("None in the current approved instructions.")


def _purpose_cells(c: Controller) -> Iterator[list[Any]]:
    for s in c.services or (ServiceProcessing("-"),):
        label = f"{s.service} v{s.version}" if s.approved else s.service
        if not s.purposes:
            yield [label, (NO_INSTRUCTIONS, len(PURPOSE_WIDTHS) - 1)]
        for p in s.purposes:
            yield [
                label,
                p.slug,
                p.description,
                p.legal_basis,
                _joined(p.data_subjects),
                _joined(p.data_categories),
                "yes" if p.special_category else "no",
                _joined(p.operations),
            ]
