"""Compute a request's legal deadlines from the rule table: earliest law wins."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from services.errors import InvalidInput
from services.rights import calendar
from services.rights.rules import (
    CCPA_ACKNOWLEDGE_BUSINESS_DAYS,
    RULES,
    DeadlineRule,
    Jurisdiction,
    Period,
    RequestType,
    rule_for,
)

LAW_ORDER = {law: i for i, law in enumerate(dict.fromkeys(r.law for r in RULES))}


@dataclass(frozen=True)
class LawDeadline:
    """What one law says about one request."""

    rule: DeadlineRule
    due: date
    extended_due: date | None
    statutory: bool  # False: the type is not a right under this law; its standard period applies

    @property
    def law(self) -> Jurisdiction:
        return self.rule.law


@dataclass(frozen=True)
class Deadline:
    due_date: date
    deciding_law: Jurisdiction
    source: str
    extended: bool
    extension_notice_due: date | None  # None: the deciding law allows no extension
    acknowledge_by: date | None  # CCPA only
    per_law: tuple[LawDeadline, ...]

    @property
    def not_statutory_under(self) -> list[Jurisdiction]:
        return [d.law for d in self.per_law if not d.statutory]


def _due(received: date, period: Period, rule: DeadlineRule, calendar_code: str | None) -> date:
    due = calendar.add_period(received, period)
    return calendar.roll_forward(due, calendar_code) if rule.rolls_to_business_day else due


def law_deadline(
    received: date, request_type: RequestType, law: Jurisdiction, calendar_code: str | None
) -> LawDeadline:
    rule = rule_for(law, request_type)
    extended = rule.extended_period and _due(received, rule.extended_period, rule, calendar_code)
    return LawDeadline(
        rule,
        _due(received, rule.period, rule, calendar_code),
        extended or None,
        request_type in rule.statutory_types,
    )


def _earliest(candidates: list[tuple[date, LawDeadline]]) -> tuple[date, LawDeadline]:
    return min(candidates, key=lambda c: (c[0], LAW_ORDER[c[1].law]))


def compute(
    received: date,
    request_type: RequestType,
    jurisdictions: Sequence[Jurisdiction],
    extended: bool = False,
    calendar_code: str | None = None,
) -> Deadline:
    """Deadlines of a request received on `received` (the tenant's local date)."""
    if not jurisdictions:
        raise InvalidInput("A request needs at least one jurisdiction.")
    per_law = tuple(
        law_deadline(received, request_type, law, calendar_code) for law in dict.fromkeys(jurisdictions)
    )
    standard_due, deciding = _earliest([(d.due, d) for d in per_law])
    if extended and deciding.extended_due is None:
        raise InvalidInput(
            f"{deciding.law} sets the deadline and allows no extension ({deciding.rule.source})."
        )
    due, decided_by = (
        _earliest([(d.extended_due or d.due, d) for d in per_law]) if extended else (standard_due, deciding)
    )
    acknowledge = None
    if Jurisdiction.CCPA in jurisdictions:
        acknowledge = calendar.add_business_days(received, CCPA_ACKNOWLEDGE_BUSINESS_DAYS, calendar_code)
    return Deadline(
        due_date=due,
        deciding_law=decided_by.law,
        source=decided_by.rule.source,
        extended=extended,
        extension_notice_due=standard_due if deciding.extended_due else None,
        acknowledge_by=acknowledge,
        per_law=per_law,
    )
