"""A small world for the record of processing, made through the services."""

from dataclasses import dataclass
from datetime import date

import pytest

from services.agreements.register import AgreementDraft, create_agreement, sign
from services.instructions.versions import approve, save_draft
from services.principal import Principal
from services.seed.people import seed_processor
from services.tenants import TenantDraft, TenantFacts, create_tenant
from tests.factories import SYSTEM, make_member

KLINIK = TenantDraft("rhein-klinik", "Rhein-Klinik Düsseldorf GmbH", "DE", "Europe/Berlin", ["GDPR"],
                     ["healthcare"])  # fmt: skip
ACME = TenantDraft(
    "acme", "Acme Manufacturing Co.", "US", "America/Chicago", ["BIPA"], ["attendance", "hrms"]
)


def purpose(slug: str, categories: list[str], description: str = "") -> dict[str, object]:
    return {
        "slug": slug,
        "description": description or f"{slug.replace('-', ' ').capitalize()} for the controller",
        "legal_basis": "contract",
        "data_subjects": ["employee"],
        "data_categories": categories,
        "special_category": bool({"phi", "biometric"} & set(categories)),
        "operations": ["collect", "store", "use"],
    }


KLINIK_CONTENT = {
    "purposes": [
        purpose("patient-records", ["phi", "contact"], "Keep patients' records – for treatment"),
        purpose("appointment-reminders", ["contact"]),
    ],
    "transfers": [{"country": "US", "recipient": "Twilio Inc.", "safeguard": "standard-contractual-clauses"}],
    "subprocessors": ["Hetzner Online GmbH", "Twilio Inc."],
}
ACME_HRMS_V1 = {"purposes": [purpose("payroll", ["hr"])], "subprocessors": ['=HYPERLINK("x")']}
ACME_HRMS_DRAFT = {"purposes": [purpose("payroll", ["hr"]), purpose("draft-only-purpose", ["usage"])]}
ACME_ATTENDANCE_DRAFT = {"purposes": [purpose("face-clock-in", ["biometric"])]}


@dataclass(frozen=True)
class World:
    klinik: TenantFacts
    acme: TenantFacts
    klinik_admin: Principal
    acme_admin: Principal


def approved(tenant_id: int, service: str, content: dict[str, object]) -> None:
    approve(SYSTEM, save_draft(SYSTEM, tenant_id, service, content).id)


def sign_dpa(tenant_id: int) -> None:
    draft = AgreementDraft("DPA", "2.0")
    sign(SYSTEM, create_agreement(SYSTEM, tenant_id, draft).id, date(2025, 3, 1))


@pytest.fixture
def world(db: str) -> World:
    """Two controllers: the clinic with approved healthcare instructions and a signed DPA;
    Acme with approved HRMS v1 plus an open v2 draft, and only a draft for attendance."""
    seed_processor(SYSTEM)
    klinik, acme = create_tenant(SYSTEM, KLINIK), create_tenant(SYSTEM, ACME)
    approved(klinik.id, "healthcare", KLINIK_CONTENT)
    sign_dpa(klinik.id)
    approved(acme.id, "hrms", ACME_HRMS_V1)
    save_draft(SYSTEM, acme.id, "hrms", ACME_HRMS_DRAFT)
    save_draft(SYSTEM, acme.id, "attendance", ACME_ATTENDANCE_DRAFT)
    return World(
        klinik,
        acme,
        make_member(klinik.id, "client_admin", "admin@klinik.example"),
        make_member(acme.id, "client_admin", "admin@acme.example"),
    )
