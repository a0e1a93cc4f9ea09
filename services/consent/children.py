"""Who is a child, by jurisdiction (regulatory-rules.md section 3). Age is taken on the day
consent was captured. Rules as data, each citing its source."""

from dataclasses import dataclass
from datetime import date

from services.errors import InvalidInput


@dataclass(frozen=True)
class ChildRule:
    code: str
    under: int
    source: str


RULES = {
    r.code: r
    for r in [
        ChildRule("COPPA", 13, "16 CFR 312 (verifiable parental consent)"),
        ChildRule("GDPR", 16, "GDPR Art. 8(1) (default)"),
        *(ChildRule(f"GDPR-{c}", 13, f"GDPR Art. 8(1), national law of {c}") for c in ("BE", "DK", "FI")),
        ChildRule("GDPR-AT", 14, "GDPR Art. 8(1), national law of AT"),
        *(ChildRule(f"GDPR-{c}", 15, f"GDPR Art. 8(1), national law of {c}") for c in ("CZ", "FR")),
        *(ChildRule(f"GDPR-{c}", 16, f"GDPR Art. 8(1), national law of {c}") for c in ("DE", "IE")),
        ChildRule("DPDP", 18, "DPDP Act 2023 s.9; DPDP Rules 2025, Rule 10"),
    ]
}
GUARDIAN_METHODS = {"guardian-written", "e-signature"}


def default_jurisdiction(laws: list[str], country: str) -> str:
    """The child rule that applies when a row names none: from the tenant's laws and country."""
    if "DPDP" in laws:
        return "DPDP"
    if "GDPR" in laws or "UK-GDPR" in laws:
        return f"GDPR-{country}" if f"GDPR-{country}" in RULES else "GDPR"
    return "COPPA"


def rule_for(code: str) -> ChildRule:
    if code not in RULES:
        raise InvalidInput(f"unknown jurisdiction '{code}' (allowed: {', '.join(sorted(RULES))})")
    return RULES[code]


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def is_child(born: date | None, captured: date, code: str) -> bool:
    return born is not None and age_on(born, captured) < rule_for(code).under
