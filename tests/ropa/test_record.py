"""What the record of processing holds, and who may see which part of it."""

import pytest

from services.errors import NotFound, PermissionDenied
from services.ropa.record import SECURITY_MEASURES, build_record, describe_dpa
from services.seed.people import PROCESSOR
from tests.factories import SYSTEM, make_member, make_tenant
from tests.ropa.conftest import World


def purposes_of(record, slug: str) -> set[str]:
    controller = next(c for c in record.controllers if c.slug == slug)
    return {p.slug for s in controller.services for p in s.purposes}


def test_record_names_the_processor_and_every_controller(world: World) -> None:
    record = build_record(SYSTEM)
    assert record.processor.name == PROCESSOR.name
    assert record.processor.dpo_email == PROCESSOR.dpo_email
    assert [c.legal_name for c in record.controllers] == [
        "Acme Manufacturing Co.",
        "Rhein-Klinik Düsseldorf GmbH",
    ]
    klinik = record.controllers[1]
    assert (klinik.slug, klinik.country, klinik.laws) == ("rhein-klinik", "DE", ("GDPR",))
    assert klinik.contacts == ("admin@klinik.example",)
    assert record.scope_slug is None
    assert record.security_measures == SECURITY_MEASURES


def test_record_has_every_approved_purpose_with_its_details(world: World) -> None:
    record = build_record(SYSTEM)
    assert purposes_of(record, "rhein-klinik") == {"patient-records", "appointment-reminders"}
    healthcare = record.controllers[1].services[0]
    assert (healthcare.service, healthcare.version, healthcare.approved_by) == ("healthcare", 1, SYSTEM.actor)
    records = next(p for p in healthcare.purposes if p.slug == "patient-records")
    assert records.special_category
    assert records.data_categories == ("phi", "contact")
    assert records.legal_basis == "contract"
    assert [(t.country, t.recipient, t.safeguard) for t in healthcare.transfers] == [
        ("US", "Twilio Inc.", "standard-contractual-clauses")
    ]
    assert healthcare.subprocessors == ("Hetzner Online GmbH", "Twilio Inc.")


def test_drafts_are_not_in_the_record(world: World) -> None:
    record = build_record(SYSTEM)
    assert purposes_of(record, "acme") == {"payroll"}
    hrms = next(s for s in record.controllers[0].services if s.service == "hrms")
    assert hrms.version == 1


def test_service_without_approved_instructions_is_listed_as_such(world: World) -> None:
    attendance = next(s for s in build_record(SYSTEM).controllers[0].services if s.service == "attendance")
    assert not attendance.approved
    assert attendance.purposes == ()


def test_tenant_with_no_instructions_at_all_stays_in_the_record(world: World) -> None:
    bare = make_tenant("bare")
    controller = next(c for c in build_record(SYSTEM).controllers if c.tenant_id == bare.id)
    assert [(s.service, s.approved) for s in controller.services] == [("hrms", False)]


def test_current_dpa_terms_are_included_where_signed(world: World) -> None:
    acme, klinik = build_record(SYSTEM).controllers
    assert acme.dpa is None
    assert (klinik.dpa.version, klinik.dpa.breach_notice_hours, klinik.dpa.end_of_contract) == (
        "2.0",
        48,
        "delete",
    )
    assert "within 48 hours" in describe_dpa(klinik.dpa)
    assert describe_dpa(None) == "Current DPA: none signed on record."


def test_client_admin_gets_only_their_own_tenant(world: World) -> None:
    record = build_record(world.klinik_admin, world.klinik.id)
    assert [c.slug for c in record.controllers] == ["rhein-klinik"]
    assert record.scope_slug == "rhein-klinik"
    assert record.scope_label == "Rhein-Klinik Düsseldorf GmbH"


def test_client_admin_cannot_ask_for_another_tenant(world: World) -> None:
    with pytest.raises(PermissionDenied):
        build_record(world.klinik_admin, world.acme.id)


def test_client_admin_cannot_ask_for_every_tenant(world: World) -> None:
    with pytest.raises(PermissionDenied):
        build_record(world.klinik_admin, None)


@pytest.mark.parametrize("role", ["client_viewer", "account_manager"])
def test_roles_without_ropa_read_are_refused(world: World, role: str) -> None:
    principal = make_member(world.acme.id, role)
    with pytest.raises(PermissionDenied):
        build_record(principal, world.acme.id)


def test_executive_sees_every_tenant(world: World) -> None:
    executive = make_member(None, "executive")
    assert [c.slug for c in build_record(executive).controllers] == ["acme", "rhein-klinik"]


def test_unknown_tenant_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        build_record(SYSTEM, 9999)


def test_no_record_without_the_processors_details(db: str) -> None:
    make_tenant("alpha")
    with pytest.raises(NotFound, match="processor"):
        build_record(SYSTEM)
