"""Small validators shared by services; each returns a clean value or raises InvalidInput."""

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar
from zoneinfo import available_timezones

from services.errors import InvalidInput

E = TypeVar("E", bound=StrEnum)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def email(value: str) -> str:
    cleaned = value.strip().lower()
    if not _EMAIL.match(cleaned) or len(cleaned) > 254:
        raise InvalidInput(f"'{value}' is not a valid email address.")
    return cleaned


def slug(value: str) -> str:
    cleaned = value.strip()
    if not _SLUG.match(cleaned):
        raise InvalidInput(
            f"'{value}' is not a valid slug: use 1-63 lowercase letters, digits and inner hyphens."
        )
    return cleaned


def text(value: str, field: str, max_length: int = 200) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise InvalidInput(f"{field} is required.")
    if len(cleaned) > max_length:
        raise InvalidInput(f"{field} is longer than {max_length} characters.")
    return cleaned


def country(value: str) -> str:
    cleaned = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", cleaned):
        raise InvalidInput(f"'{value}' is not a two-letter ISO 3166 country code.")
    return cleaned


def time_zone(value: str) -> str:
    if value not in available_timezones():
        raise InvalidInput(f"'{value}' is not an IANA time zone (for example Europe/Berlin).")
    return value


def choices(values: Iterable[str], vocabulary: type[E], field: str) -> list[str]:
    """Distinct members of `vocabulary`, in the vocabulary's order."""
    given = set(values)
    unknown = sorted(given - {m.value for m in vocabulary})
    if unknown:
        allowed = ", ".join(m.value for m in vocabulary)
        raise InvalidInput(f"Unknown {field}: {', '.join(unknown)} (allowed: {allowed}).")
    return [m.value for m in vocabulary if m.value in given]


def choice(value: str, vocabulary: type[E], field: str) -> E:
    try:
        return vocabulary(value)
    except ValueError:
        allowed = ", ".join(m.value for m in vocabulary)
        raise InvalidInput(f"Unknown {field} '{value}' (allowed: {allowed}).") from None
