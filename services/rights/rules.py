"""The deadline rules for rights requests, as data: one row per law (and request type where
the law sets a type-specific period), each citing its source. See
shared/reference/regulatory-rules.md section 1. Reviewed rows only: change with a source."""

from dataclasses import dataclass
from enum import StrEnum


class RequestType(StrEnum):
    ACCESS = "access"
    CORRECTION = "correction"
    DELETION = "deletion"
    OBJECTION = "objection"
    RESTRICTION = "restriction"
    PORTABILITY = "portability"


class Jurisdiction(StrEnum):
    GDPR = "GDPR"
    UK_GDPR = "UK-GDPR"
    CCPA = "CCPA"
    HIPAA = "HIPAA"
    DPDP = "DPDP"
    LGPD = "LGPD"


@dataclass(frozen=True)
class Period:
    days: int = 0
    months: int = 0

    def __str__(self) -> str:
        if self.months:
            return f"{self.months} calendar month{'s' if self.months > 1 else ''}"
        return f"{self.days} calendar days"


@dataclass(frozen=True)
class DeadlineRule:
    law: Jurisdiction
    request_type: RequestType | None  # None: the law's standard deadline, for every other type
    period: Period
    extended_period: Period | None  # counted from receipt; None: the law allows no extension
    rolls_to_business_day: bool  # a due date on a weekend (or configured holiday) moves forward
    statutory_types: frozenset[RequestType]  # types the law grants as rights
    source: str


ALL_TYPES = frozenset(RequestType)
T = RequestType

RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        Jurisdiction.GDPR,
        None,
        Period(months=1),
        Period(months=3),
        True,
        ALL_TYPES,
        "GDPR Art. 12(3)-(4); EDPB Guidelines 01/2022 on the right of access; "
        "Reg. (EEC, Euratom) 1182/71 Art. 3(2)(c)",
    ),
    DeadlineRule(
        Jurisdiction.UK_GDPR,
        None,
        Period(months=1),
        Period(months=3),
        True,
        ALL_TYPES,
        "UK GDPR Art. 12(3)-(4); ICO guidance on time limits for responding to requests",
    ),
    DeadlineRule(
        Jurisdiction.CCPA,
        None,
        Period(days=45),
        Period(days=90),
        False,
        frozenset({T.ACCESS, T.CORRECTION, T.DELETION, T.PORTABILITY}),
        "Cal. Code Regs. tit. 11 §7021(b)",
    ),
    DeadlineRule(
        Jurisdiction.HIPAA,
        T.ACCESS,
        Period(days=30),
        Period(days=60),
        False,
        frozenset({T.ACCESS, T.CORRECTION}),
        "45 CFR 164.524(b)(2)",
    ),
    DeadlineRule(
        Jurisdiction.HIPAA,
        T.CORRECTION,
        Period(days=60),
        Period(days=90),
        False,
        frozenset({T.ACCESS, T.CORRECTION}),
        "45 CFR 164.526(b)(2)",
    ),
    DeadlineRule(
        Jurisdiction.HIPAA,
        None,
        Period(days=30),
        Period(days=60),
        False,
        frozenset({T.ACCESS, T.CORRECTION}),
        "45 CFR 164.524(b)(2) (standard period)",
    ),
    DeadlineRule(
        Jurisdiction.DPDP,
        None,
        Period(days=90),
        None,
        False,
        frozenset({T.ACCESS, T.CORRECTION, T.DELETION}),
        "DPDP Act 2023 s.13; DPDP Rules 2025 (grievance redressal)",
    ),
    DeadlineRule(
        Jurisdiction.LGPD,
        T.ACCESS,
        Period(days=15),
        None,
        False,
        ALL_TYPES,
        "LGPD Art. 19(II)",
    ),
    DeadlineRule(
        Jurisdiction.LGPD,
        None,
        Period(days=15),
        None,
        False,
        ALL_TYPES,
        "LGPD Art. 19(II) (standard period)",
    ),
)

# CCPA: confirm receipt within 10 business days (Cal. Code Regs. tit. 11 §7021(a)).
CCPA_ACKNOWLEDGE_BUSINESS_DAYS = 10


def rule_for(law: Jurisdiction, request_type: RequestType) -> DeadlineRule:
    """The type-specific row where there is one, else the law's standard row."""
    rows = [r for r in RULES if r.law == law]
    return next((r for r in rows if r.request_type == request_type), None) or next(
        r for r in rows if r.request_type is None
    )
