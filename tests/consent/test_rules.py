"""Every consent rule, valid and invalid: first as pure functions (fast, every case), then
through `record_event` on both databases, which must refuse with the same reasons. The import
applies the same rules row by row (test_import_cli.py)."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from services.consent import children, ledger
from services.consent.rules import EventDraft, problems
from services.errors import InvalidInput, PermissionDenied
from tests.consent.conftest import ACME, KLINIK, ConsentTenant, ago, draft, offline_rules, years_before
from tests.factories import make_member

CAPTURED = date(2025, 6, 15)
NOW = datetime.now(UTC).replace(microsecond=0)
AT_ACME, AT_KLINIK = offline_rules(ACME, NOW), offline_rules(KLINIK, NOW)
BEFORE = NOW - timedelta(days=30)


def at_acme(prior_grant: datetime | None = None, **fields: Any) -> list[tuple[str, str]]:
    return problems(draft(**({"captured_at": BEFORE} | fields)), AT_ACME, prior_grant)


def patient(age: int, **fields: Any) -> EventDraft:
    """A patient's grant for patient records, `age` years old (to the day) when captured."""
    base = {"subject_type": "patient", "purpose": "patient-records", "captured_at": BEFORE,
            "date_of_birth": years_before(BEFORE.date(), age), "method": "written"}  # fmt: skip
    return draft("MRN-1", **(base | fields))


def at_klinik(d: EventDraft, prior_grant: datetime | None = None) -> list[tuple[str, str]]:
    return problems(d, AT_KLINIK, prior_grant)


def columns(found: list[tuple[str, str]]) -> list[str]:
    return [column for column, _ in found]


# --- the purpose must be in the tenant's approved instructions ---------------------------------


def test_approved_purpose_is_accepted() -> None:
    assert at_acme(purpose="payroll", method="electronic-click") == []


def test_purpose_outside_the_instructions_is_refused_with_reason() -> None:
    assert at_acme(purpose="marketing") == [
        ("purpose", "'marketing' is not a purpose in the tenant's approved processing instructions")
    ]


def test_subject_type_the_purpose_does_not_cover_is_refused() -> None:
    assert at_acme(subject_type="visitor") == [
        ("subject_type", "the purpose 'biometric-attendance' does not cover visitors")
    ]
    assert at_acme(subject_type="visitor", purpose="visitor-badge") == []


# --- captured_at cannot be in the future -------------------------------------------------------


def test_captured_now_or_before_is_accepted() -> None:
    assert at_acme(captured_at=NOW) == []


def test_captured_after_now_is_refused() -> None:
    later = NOW + timedelta(seconds=1)
    assert at_acme(captured_at=later) == [("captured_at", f"{later.isoformat()} is in the future")]


# --- a child at capture needs a guardian, and method guardian-written or e-signature -----------


def test_child_without_guardian_or_guardian_method_is_refused_naming_threshold_and_source() -> None:
    assert at_klinik(patient(15)) == [
        ("guardian_ref", "the subject was under 16 (GDPR-DE, GDPR Art. 8(1), national law of DE): "
                         "a guardian is required"),
        ("method", "a child's consent (GDPR-DE) needs method guardian-written or e-signature"),
    ]  # fmt: skip


@pytest.mark.parametrize("method", ["guardian-written", "e-signature"])
def test_child_with_guardian_and_guardian_method_is_accepted(method: str) -> None:
    assert at_klinik(patient(15, guardian_ref="G-1", method=method)) == []


@pytest.mark.parametrize(
    ("fields", "refused"),
    [({"guardian_ref": "G-1"}, ["method"]), ({"method": "e-signature"}, ["guardian_ref"]),
     ({"guardian_ref": "  ", "method": "e-signature"}, ["guardian_ref"])],
)  # fmt: skip
def test_child_needs_both_guardian_and_method(fields: dict[str, str], refused: list[str]) -> None:
    assert columns(at_klinik(patient(15, **fields))) == refused


def test_subject_of_exactly_the_threshold_age_is_not_a_child() -> None:
    assert at_klinik(patient(16)) == []


def test_age_is_taken_at_capture_not_today() -> None:
    long_ago = NOW - timedelta(days=3 * 365)
    fourteen_then = patient(0, captured_at=long_ago, date_of_birth=years_before(long_ago.date(), 14))
    assert "guardian_ref" in columns(at_klinik(fourteen_then))  # 17 today, 14 then
    sixteen_then = patient(0, date_of_birth=years_before(BEFORE.date(), 16))
    assert at_klinik(sixteen_then) == []


def test_no_birth_date_no_child_rule() -> None:
    assert at_klinik(patient(15, date_of_birth=None)) == []


def test_row_jurisdiction_overrides_the_tenants_default() -> None:
    assert at_klinik(patient(15, jurisdiction="GDPR-FR")) == []  # France: under 15
    assert columns(at_klinik(patient(17, jurisdiction="DPDP"))) == ["guardian_ref", "method"]  # under 18


def test_unknown_jurisdiction_is_refused() -> None:
    found = at_klinik(patient(40, jurisdiction="GDPR-XX"))
    assert columns(found) == ["jurisdiction"] and "unknown jurisdiction 'GDPR-XX'" in found[0][1]


@pytest.mark.parametrize("status", ["withdrawn", "refused", "expired"])
def test_child_rule_concerns_grants_only(status: str) -> None:
    assert at_klinik(patient(10, status=status), prior_grant=BEFORE - timedelta(days=1)) == []


@pytest.mark.parametrize("code", sorted(children.RULES))
def test_every_jurisdiction_threshold_applies_on_the_day_of_capture(code: str) -> None:
    under = children.RULES[code].under
    assert children.is_child(years_before(CAPTURED, under, days=-1), CAPTURED, code)  # birthday tomorrow
    assert not children.is_child(years_before(CAPTURED, under), CAPTURED, code)  # birthday today
    assert not children.is_child(None, CAPTURED, code)


@pytest.mark.parametrize(
    ("code", "under"),
    [("COPPA", 13), ("GDPR", 16), ("GDPR-BE", 13), ("GDPR-DK", 13), ("GDPR-FI", 13), ("GDPR-AT", 14),
     ("GDPR-CZ", 15), ("GDPR-FR", 15), ("GDPR-DE", 16), ("GDPR-IE", 16), ("DPDP", 18)],
)  # fmt: skip
def test_thresholds_match_the_regulatory_table(code: str, under: int) -> None:
    assert children.RULES[code].under == under


@pytest.mark.parametrize(
    ("laws", "country", "code"),
    [(["DPDP"], "IN", "DPDP"), (["GDPR"], "DE", "GDPR-DE"), (["GDPR"], "NL", "GDPR"),
     (["UK-GDPR"], "GB", "GDPR"), (["HIPAA", "CCPA"], "US", "COPPA"), (["BIPA"], "US", "COPPA")],
)  # fmt: skip
def test_default_jurisdiction_follows_the_tenants_laws(laws: list[str], country: str, code: str) -> None:
    assert children.default_jurisdiction(laws, country) == code


def test_leap_day_birthday() -> None:
    born = date(2012, 2, 29)
    assert children.age_on(born, date(2025, 2, 28)) == 12
    assert children.age_on(born, date(2025, 3, 1)) == 13


# --- BIPA: a biometric grant counts only as a written release ----------------------------------


@pytest.mark.parametrize("method", ["written", "e-signature"])
def test_biometric_grant_under_bipa_with_written_release_is_accepted(method: str) -> None:
    assert at_acme(method=method) == []


@pytest.mark.parametrize("method", ["electronic-click", "verbal-recorded", "guardian-written"])
def test_biometric_grant_under_bipa_without_written_release_is_refused(method: str) -> None:
    assert at_acme(method=method) == [
        ("method", "BIPA (740 ILCS 14/15(b)): a biometric purpose needs a written release "
                   "(method written or e-signature)")
    ]  # fmt: skip


def test_bipa_spares_other_purposes_other_laws_and_other_events() -> None:
    assert at_acme(purpose="payroll", method="electronic-click") == []
    face = draft("MRN-1", subject_type="patient", purpose="face-check-in", method="electronic-click")
    assert at_klinik(face) == []  # biometric, but no BIPA
    assert at_acme(status="refused", method="verbal-recorded") == []
    assert at_acme(status="withdrawn", method="verbal-recorded", prior_grant=BEFORE - timedelta(1)) == []


# --- a withdrawal needs an earlier grant of the same subject and purpose -----------------------


def test_withdrawal_after_a_grant_is_accepted() -> None:
    assert at_acme(status="withdrawn", prior_grant=BEFORE - timedelta(seconds=1)) == []


@pytest.mark.parametrize("grant", [None, BEFORE, BEFORE + timedelta(hours=1)])
def test_withdrawal_without_an_earlier_grant_is_refused(grant: datetime | None) -> None:
    assert at_acme(status="withdrawn", prior_grant=grant) == [
        ("status", "a withdrawal needs an earlier grant for the same subject and purpose")
    ]


# --- vocabulary ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "column"),
    [({"subject_ref": " "}, "subject_ref"), ({"subject_ref": "x" * 101}, "subject_ref"),
     ({"subject_type": "robot"}, "subject_type"), ({"status": "maybe"}, "status"),
     ({"method": "telepathy"}, "method"), ({"notice_version": " "}, "notice_version"),
     ({"evidence_sha256": "ABC"}, "evidence_sha256"), ({"evidence_sha256": "A" * 64}, "evidence_sha256")],
)  # fmt: skip
def test_values_outside_the_vocabulary_are_refused(fields: dict[str, str], column: str) -> None:
    assert columns(at_acme(**fields)) == [column]


# --- the service enforces every rule, with the same reasons (both databases) ------------------


def record(tenant: ConsentTenant, d: EventDraft) -> ledger.EventView:
    return ledger.record_event(tenant.admin, tenant.id, d)


def test_service_takes_purposes_from_approved_instructions_only(acme: ConsentTenant, ref: str) -> None:
    rules = ledger.tenant_rules(acme.admin, acme.id)
    assert set(rules.purposes) == {"biometric-attendance", "visitor-badge", "payroll"}  # not the draft's
    assert rules.laws == ["BIPA"] and rules.country == "US"
    assert record(acme, draft(ref, purpose="payroll", method="electronic-click")).purpose == "payroll"
    for slug in ("pension", "patient-records"):  # in an unapproved draft; another tenant's
        with pytest.raises(
            InvalidInput, match=f"purpose: '{slug}' is not a purpose in the tenant's approved"
        ):
            record(acme, draft(ref, purpose=slug))


def test_service_refuses_the_future(acme: ConsentTenant, ref: str) -> None:
    with pytest.raises(InvalidInput, match=r"captured_at: .* is in the future"):
        record(acme, draft(ref, captured_at=datetime.now(UTC) + timedelta(minutes=5)))
    assert record(acme, draft(ref, captured_at=ago(seconds=2))).id


def test_service_applies_the_child_rule(klinik: ConsentTenant, ref: str) -> None:
    captured = ago(days=30)
    child = {"subject_type": "patient", "purpose": "patient-records", "captured_at": captured,
             "date_of_birth": years_before(captured.date(), 15)}  # fmt: skip
    with pytest.raises(InvalidInput, match=r"guardian_ref: the subject was under 16 \(GDPR-DE"):
        record(klinik, draft(ref, **child))
    event = record(klinik, draft(ref, **child, guardian_ref="GUARDIAN-1", method="guardian-written"))
    assert event.guardian_ref == "GUARDIAN-1"


def test_service_applies_a_known_birth_date_when_an_event_omits_it(klinik: ConsentTenant, ref: str) -> None:
    captured = ago(days=30)
    born = years_before(captured.date(), 12)
    first = {"subject_type": "patient", "captured_at": captured, "date_of_birth": born,
             "guardian_ref": "G-1", "method": "guardian-written"}  # fmt: skip
    record(klinik, draft(ref, purpose="patient-records", **first))
    with pytest.raises(InvalidInput, match="under 16"):  # same child, another purpose, no birth date
        record(klinik, draft(ref, subject_type="patient", purpose="face-check-in", captured_at=captured))


def test_service_applies_bipa(acme: ConsentTenant, ref: str) -> None:
    with pytest.raises(InvalidInput, match=r"method: BIPA \(740 ILCS 14/15\(b\)\)"):
        record(acme, draft(ref, method="electronic-click"))
    assert record(acme, draft(ref, method="e-signature")).method == "e-signature"


def test_service_needs_an_earlier_grant_for_a_withdrawal(acme: ConsentTenant, ref: str) -> None:
    with pytest.raises(InvalidInput, match="status: a withdrawal needs an earlier grant"):
        record(acme, draft(ref, status="withdrawn"))
    record(acme, draft(ref, purpose="payroll", captured_at=ago(days=9)))  # another purpose: no help
    record(acme, draft(ref, captured_at=ago(days=5)))
    with pytest.raises(InvalidInput, match="a withdrawal needs an earlier grant"):
        record(acme, draft(ref, status="withdrawn", captured_at=ago(days=6)))
    assert record(acme, draft(ref, status="withdrawn", captured_at=ago(days=4))).status == "withdrawn"
    history = ledger.subject_history(acme.admin, acme.id, ref)
    assert history is not None
    assert history.current == {"biometric-attendance": "withdrawn", "payroll": "granted"}


def test_service_refuses_duplicates_and_a_changed_subject_type(acme: ConsentTenant, ref: str) -> None:
    event = draft(ref, purpose="visitor-badge")
    record(acme, event)
    with pytest.raises(InvalidInput, match="already recorded"):
        record(acme, event)
    with pytest.raises(InvalidInput, match="recorded as employee"):
        record(acme, draft(ref, purpose="visitor-badge", subject_type="visitor"))


@pytest.mark.parametrize("role", ["client_viewer", "account_manager"])
def test_only_client_admins_record(acme: ConsentTenant, ref: str, role: str) -> None:
    with pytest.raises(PermissionDenied, match="consent:write"):
        ledger.record_event(make_member(acme.id, role), acme.id, draft(ref))
