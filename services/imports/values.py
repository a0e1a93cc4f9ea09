"""Parsers for the text of one CSV field; each raises ValueError with a readable message."""

from datetime import date, datetime


def when(text: str) -> date | datetime:
    """An ISO 8601 date, or date-time with optional offset ('Z' allowed)."""
    try:
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not an ISO 8601 date (YYYY-MM-DD) or date-time") from None


def boolean(text: str) -> bool:
    lowered = text.lower()
    if lowered not in {"true", "false"}:
        raise ValueError(f"'{text}' is not true or false")
    return lowered == "true"


def whole_number(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a whole number") from None
    if number < 0:
        raise ValueError(f"{number} is negative")
    return number
