"""The deadline rule table, case by case (regulatory-rules.md section 1).

Each case: received date, type, laws, extended?, holiday calendar -> due date and deciding law.
"""

from datetime import date

import pytest

from services.errors import InvalidInput
from services.rights.deadlines import compute
from services.rights.rules import RULES, Jurisdiction, RequestType

D = date
A, C, DEL, POR = RequestType.ACCESS, RequestType.CORRECTION, RequestType.DELETION, RequestType.PORTABILITY
GDPR, UK, CCPA, HIPAA, DPDP, LGPD = (
    Jurisdiction.GDPR,
    Jurisdiction.UK_GDPR,
    Jurisdiction.CCPA,
    Jurisdiction.HIPAA,
    Jurisdiction.DPDP,
    Jurisdiction.LGPD,
)

CASES = [
    # GDPR: one calendar month, same day number, month end where missing, weekend -> Monday
    ("gdpr mid-month to sunday", D(2026, 1, 15), A, [GDPR], False, None, D(2026, 2, 16), GDPR),
    ("gdpr 31 jan to 28 feb saturday", D(2026, 1, 31), A, [GDPR], False, None, D(2026, 3, 2), GDPR),
    ("gdpr leap year 31 jan to 29 feb", D(2024, 1, 31), A, [GDPR], False, None, D(2024, 2, 29), GDPR),
    ("gdpr 31 mar to 30 apr", D(2026, 3, 31), DEL, [GDPR], False, None, D(2026, 4, 30), GDPR),
    ("gdpr 31 may to 30 jun", D(2026, 5, 31), C, [GDPR], False, None, D(2026, 6, 30), GDPR),
    ("gdpr year end to sunday", D(2026, 12, 31), A, [GDPR], False, None, D(2027, 2, 1), GDPR),
    ("gdpr received on saturday", D(2026, 8, 29), POR, [GDPR], False, None, D(2026, 9, 29), GDPR),
    ("gdpr plain weekday", D(2026, 10, 3), A, [GDPR], False, None, D(2026, 11, 3), GDPR),
    ("gdpr extended 31 jan to 30 apr", D(2026, 1, 31), A, [GDPR], True, None, D(2026, 4, 30), GDPR),
    ("gdpr extended to sunday 28 feb", D(2026, 11, 30), A, [GDPR], True, None, D(2027, 3, 1), GDPR),
    ("gdpr extended leap day", D(2023, 11, 30), A, [GDPR], True, None, D(2024, 2, 29), GDPR),
    ("gdpr christmas without calendar", D(2026, 11, 25), A, [GDPR], False, None, D(2026, 12, 25), GDPR),
    ("gdpr christmas with DE calendar", D(2026, 11, 25), A, [GDPR], False, "DE", D(2026, 12, 28), GDPR),
    ("gdpr labour day with DE calendar", D(2026, 4, 1), A, [GDPR], False, "DE", D(2026, 5, 4), GDPR),
    # UK GDPR: same counting; bank holidays with a GB calendar
    ("uk plain", D(2026, 7, 25), A, [UK], False, None, D(2026, 8, 25), UK),
    ("uk bank holiday without calendar", D(2026, 7, 31), A, [UK], False, None, D(2026, 8, 31), UK),
    ("uk bank holiday with GB-ENG", D(2026, 7, 31), A, [UK], False, "GB-ENG", D(2026, 9, 1), UK),
    ("uk saturday to monday", D(2026, 2, 28), A, [UK], False, None, D(2026, 3, 30), UK),
    ("uk extended", D(2026, 3, 31), A, [UK], True, None, D(2026, 6, 30), UK),
    # CCPA: 45 calendar days, no weekend roll; 90 with extension
    ("ccpa reference example", D(2026, 1, 1), A, [CCPA], False, None, D(2026, 2, 15), CCPA),
    ("ccpa across short february", D(2026, 2, 14), DEL, [CCPA], False, None, D(2026, 3, 31), CCPA),
    ("ccpa across leap february", D(2024, 2, 14), DEL, [CCPA], False, None, D(2024, 3, 30), CCPA),
    ("ccpa extended 90 days", D(2026, 1, 1), A, [CCPA], True, None, D(2026, 4, 1), CCPA),
    ("ccpa year end", D(2026, 12, 20), C, [CCPA], False, None, D(2027, 2, 3), CCPA),
    # HIPAA: access 30 (+30), amendment 60 (+30), others the standard 30; no weekend roll
    ("hipaa access", D(2026, 1, 10), A, [HIPAA], False, None, D(2026, 2, 9), HIPAA),
    ("hipaa access extended", D(2026, 1, 10), A, [HIPAA], True, None, D(2026, 3, 11), HIPAA),
    ("hipaa amendment", D(2026, 1, 10), C, [HIPAA], False, None, D(2026, 3, 11), HIPAA),
    ("hipaa amendment extended", D(2026, 1, 10), C, [HIPAA], True, None, D(2026, 4, 10), HIPAA),
    ("hipaa deletion uses standard", D(2026, 1, 10), DEL, [HIPAA], False, None, D(2026, 2, 9), HIPAA),
    ("hipaa due on sunday stays", D(2026, 4, 3), A, [HIPAA], False, None, D(2026, 5, 3), HIPAA),
    ("hipaa leap year", D(2024, 2, 1), A, [HIPAA], False, None, D(2024, 3, 2), HIPAA),
    # DPDP: 90 days, no extension
    ("dpdp", D(2026, 1, 1), A, [DPDP], False, None, D(2026, 4, 1), DPDP),
    ("dpdp across year end", D(2026, 11, 25), DEL, [DPDP], False, None, D(2027, 2, 23), DPDP),
    ("dpdp portability standard", D(2026, 3, 1), POR, [DPDP], False, None, D(2026, 5, 30), DPDP),
    # LGPD: access 15 days, no extension
    ("lgpd access", D(2026, 1, 1), A, [LGPD], False, None, D(2026, 1, 16), LGPD),
    ("lgpd deletion standard", D(2026, 2, 20), DEL, [LGPD], False, None, D(2026, 3, 7), LGPD),
    # Several laws: the earliest due date wins and names its law
    ("gdpr beats ccpa", D(2026, 1, 1), A, [CCPA, GDPR], False, None, D(2026, 2, 2), GDPR),
    ("hipaa beats ccpa", D(2026, 1, 1), A, [CCPA, HIPAA], False, None, D(2026, 1, 31), HIPAA),
    ("hipaa beats ccpa extended", D(2026, 1, 1), A, [CCPA, HIPAA], True, None, D(2026, 3, 2), HIPAA),
    ("tie goes to table order", D(2026, 1, 1), A, [DPDP, GDPR], True, None, D(2026, 4, 1), GDPR),
    ("dpdp caps extended gdpr", D(2026, 3, 1), A, [GDPR, DPDP], True, None, D(2026, 5, 30), DPDP),
    ("extended hipaa ties dpdp", D(2026, 1, 1), C, [DPDP, HIPAA], True, None, D(2026, 4, 1), HIPAA),
    ("lgpd beats gdpr", D(2026, 1, 1), A, [GDPR, LGPD], False, None, D(2026, 1, 16), LGPD),
    ("gdpr extended beats ccpa extended", D(2026, 1, 31), A, [CCPA, GDPR], True, None, D(2026, 4, 30), GDPR),
    ("gdpr and uk tie", D(2026, 6, 10), A, [UK, GDPR], False, None, D(2026, 7, 10), GDPR),
    ("repeated law counted once", D(2026, 1, 1), A, [CCPA, CCPA], False, None, D(2026, 2, 15), CCPA),
]


@pytest.mark.parametrize(
    ("received", "kind", "laws", "extended", "holidays", "due", "law"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_due_date_and_deciding_law(
    received: date,
    kind: RequestType,
    laws: list[Jurisdiction],
    extended: bool,
    holidays: str | None,
    due: date,
    law: Jurisdiction,
) -> None:
    deadline = compute(received, kind, laws, extended, holidays)
    assert (deadline.due_date, deadline.deciding_law) == (due, law)


@pytest.mark.parametrize(
    ("laws", "kind"),
    [([DPDP], A), ([LGPD], A), ([GDPR, LGPD], A), ([DPDP, LGPD], DEL)],
)
def test_extension_refused_where_deciding_law_has_none(laws: list[Jurisdiction], kind: RequestType) -> None:
    with pytest.raises(InvalidInput, match="allows no extension"):
        compute(D(2026, 1, 1), kind, laws, extended=True)


def test_no_jurisdiction_is_refused() -> None:
    with pytest.raises(InvalidInput):
        compute(D(2026, 1, 1), A, [])


def test_extension_notice_is_due_at_the_end_of_the_first_period() -> None:
    assert compute(D(2026, 1, 31), A, [GDPR], extended=True).extension_notice_due == D(2026, 3, 2)
    assert compute(D(2026, 1, 1), A, [CCPA]).extension_notice_due == D(2026, 2, 15)
    assert compute(D(2026, 1, 1), A, [DPDP]).extension_notice_due is None


@pytest.mark.parametrize(
    ("received", "holidays", "acknowledge_by"),
    [
        (D(2026, 1, 1), None, D(2026, 1, 15)),
        (D(2026, 12, 18), None, D(2027, 1, 1)),
        (D(2026, 12, 18), "US", D(2027, 1, 5)),
    ],
)
def test_ccpa_acknowledgement_in_ten_business_days(
    received: date, holidays: str | None, acknowledge_by: date
) -> None:
    assert compute(received, A, [CCPA], calendar_code=holidays).acknowledge_by == acknowledge_by
    assert compute(received, A, [GDPR]).acknowledge_by is None


def test_type_outside_a_law_is_flagged() -> None:
    deadline = compute(D(2026, 1, 10), DEL, [HIPAA, CCPA])
    assert deadline.not_statutory_under == [HIPAA]
    assert "164.524" in deadline.source


def test_every_rule_cites_a_source_and_every_law_has_a_standard_row() -> None:
    assert all(rule.source.strip() for rule in RULES)
    for law in Jurisdiction:
        assert any(r.law == law and r.request_type is None for r in RULES), law
