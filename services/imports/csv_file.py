"""Read a CSV upload or file: UTF-8 with or without BOM, header in any order."""

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from services.imports.report import UnreadableFile

MAX_FIELD = 10_000


def _text_stream(source: Path | bytes) -> io.TextIOBase:
    if isinstance(source, bytes):
        return io.TextIOWrapper(io.BytesIO(source), encoding="utf-8-sig", newline="")
    if not source.is_file():
        raise UnreadableFile(f"{source}: no such file.")
    return source.open(encoding="utf-8-sig", newline="")


def _check_header(header: list[str], required: list[str], optional: list[str]) -> list[str]:
    columns = [h.strip() for h in header]
    if not any(columns):
        raise UnreadableFile("The file has no header row.")
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise UnreadableFile(f"Repeated columns: {', '.join(repeated)}.")
    missing = [c for c in required if c not in columns]
    if missing:
        raise UnreadableFile(f"Missing required columns: {', '.join(missing)}.")
    unknown = [c for c in columns if c not in required and c not in optional]
    if unknown:
        expected = ", ".join(required + optional)
        raise UnreadableFile(f"Unknown columns: {', '.join(unknown)} (expected: {expected}).")
    return columns


def read_rows(
    source: Path | bytes, required: list[str], optional: list[str]
) -> Iterator[tuple[int, dict[str, str] | str]]:
    """Yield (row number, fields) per data row, or (row number, message) for a malformed row.
    Raises UnreadableFile for problems with the file as a whole. Blank lines are skipped."""
    csv.field_size_limit(MAX_FIELD)
    try:
        with _text_stream(source) as stream:
            reader = csv.reader(stream, strict=True)
            header = next(reader, None)
            if header is None:
                raise UnreadableFile("The file is empty.")
            columns = _check_header(header, required, optional)
            for number, fields in enumerate(reader, start=1):
                if not any(f.strip() for f in fields):
                    continue
                if len(fields) != len(columns):
                    yield number, f"expected {len(columns)} fields, found {len(fields)}"
                    continue
                yield number, {c: f.strip() for c, f in zip(columns, fields, strict=True)}
    except UnicodeDecodeError as error:
        raise UnreadableFile(f"The file is not UTF-8 text (byte {error.start}).") from None
    except csv.Error as error:
        raise UnreadableFile(f"The file is not valid CSV: {error}.") from None


def preview(source: bytes, rows: int = 10) -> tuple[list[str], list[list[str]]]:
    """The header and first rows as they are, for a page to show before importing."""
    try:
        reader = csv.reader(io.StringIO(source[:200_000].decode("utf-8-sig", errors="replace"), newline=""))
        header = next(reader, [])
        return header, [row for _, row in zip(range(rows), reader, strict=False)]
    except csv.Error:
        return [], []
