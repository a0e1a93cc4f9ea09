"""Read JSON lines with the same fields a CSV would have, yielding rows like `csv_file`."""

import json
from collections.abc import Iterator
from pathlib import Path

from services.imports.report import UnreadableFile


def read_rows(
    source: Path | bytes, required: list[str], optional: list[str]
) -> Iterator[tuple[int, dict[str, str] | str]]:
    """Yield (line number, fields as text) per object, or (line number, message) for a bad line."""
    allowed = set(required) | set(optional)
    try:
        lines = source.splitlines() if isinstance(source, bytes) else source.read_bytes().splitlines()
        seen_any = False
        for number, raw in enumerate(lines, start=1):
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8").strip()
            if not text:
                continue
            seen_any = True
            yield number, _fields(text, required, allowed)
    except UnicodeDecodeError as error:
        raise UnreadableFile(f"The file is not UTF-8 text (byte {error.start}).") from None
    if not seen_any:
        raise UnreadableFile("The file is empty.")


def _fields(text: str, required: list[str], allowed: set[str]) -> dict[str, str] | str:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as error:
        return f"not valid JSON: {error.msg}"
    if not isinstance(obj, dict):
        return "each line must be a JSON object"
    missing = [k for k in required if k not in obj]
    unknown = sorted(set(obj) - allowed)
    if missing or unknown:
        return "; ".join(
            filter(
                None,
                [
                    missing and f"missing fields: {', '.join(missing)}",
                    unknown and f"unknown fields: {', '.join(unknown)}",
                ],
            )
        )
    return {k: "" if v is None else str(v).strip() for k, v in obj.items()}
