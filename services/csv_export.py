"""CSV downloads that are safe to open in a spreadsheet."""

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix text a spreadsheet would run as a formula with a quote (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv(rows: Iterable[Mapping[str, Any]], columns: list[str]) -> bytes:
    """UTF-8 CSV with a BOM (Excel reads the accents right), formulas neutralised."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: neutralise(row.get(c)) for c in columns})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
