"""Demo agreements and processing instructions for every demo tenant, through the services."""

from datetime import date
from typing import Any

from fpdf import FPDF
from sqlmodel import select

from models import Agreement, InstructionSet
from services.agreements import documents
from services.agreements import register as agreements
from services.agreements.register import AgreementDraft
from services.agreements.terms import Terms
from services.instructions import flags, versions
from services.principal import Principal, principal_for_email
from services.scoping import scoped_session

AWS = "Amazon Web Services EMEA SARL (hosting, Frankfurt and Ohio regions)"
SENDGRID = "Twilio Inc. / SendGrid (transactional email)"
ZENDESK = "Zendesk Inc. (support tickets)"


def purpose(
    slug: str, description: str, basis: str, subjects: list[str], categories: list[str], operations: list[str]
) -> dict[str, Any]:
    special = bool({"phi", "biometric"} & set(categories))
    return {"slug": slug, "description": description, "legal_basis": basis, "data_subjects": subjects,
            "data_categories": categories, "special_category": special, "operations": operations}  # fmt: skip


PAYROLL = purpose(
    "payroll",
    "Salary, tax and benefits administration",
    "contract",
    ["employee"],
    ["hr", "contact"],
    ["collect", "store", "use", "disclose", "erase"],
)
PATIENT_RECORDS = purpose(
    "patient-records",
    "Electronic health records for treatment and billing",
    "health-care",
    ["patient", "child"],
    ["phi", "contact"],
    ["collect", "record", "store", "retrieve", "use"],
)
BIOMETRIC = purpose(
    "biometric-attendance",
    "Face-recognition clock-in at site terminals",
    "written-release",
    ["employee"],
    ["biometric", "geolocation"],
    ["collect", "store", "match", "erase"],
)
MOBILE_CLOCK_IN = purpose(
    "mobile-clock-in",
    "Clock-in from the mobile app at remote sites",
    "legitimate-interests",
    ["employee"],
    ["geolocation", "usage"],
    ["collect", "store", "use"],
)
FACE_ONLY = BIOMETRIC | {"legal_basis": "consent", "data_categories": ["biometric"]}
TO_US = {"country": "US", "recipient": AWS, "safeguard": "standard-contractual-clauses"}

# slug -> service -> [(content, approve?)] in version order
INSTRUCTIONS: dict[str, dict[str, list[tuple[dict[str, Any], bool]]]] = {
    "northwind-health": {
        "healthcare": [
            ({"purposes": [PATIENT_RECORDS | {"legal_basis": "hipaa-treatment-payment-operations"}],
              "subprocessors": [AWS]}, True),
            ({"purposes": [PATIENT_RECORDS | {"legal_basis": "hipaa-treatment-payment-operations"},
                           purpose("patient-portal", "Online portal for appointments and results", "consent",
                                   ["patient"], ["contact", "usage"], ["collect", "store", "use"])],
              "subprocessors": [AWS, SENDGRID]}, True),
        ],
        "hrms": [({"purposes": [PAYROLL], "subprocessors": [AWS]}, True)],
    },
    "acme-manufacturing": {
        "attendance": [
            ({"purposes": [BIOMETRIC], "subprocessors": [AWS]}, True),
            ({"purposes": [BIOMETRIC, MOBILE_CLOCK_IN], "subprocessors": [AWS]}, False),
        ],
        "hrms": [({"purposes": [PAYROLL], "subprocessors": [AWS, ZENDESK]}, True)],
    },
    "rhein-klinik": {
        "healthcare": [({"purposes": [PATIENT_RECORDS], "subprocessors": [AWS, SENDGRID]}, True)],
    },
    "pune-medicare": {
        "healthcare": [({"purposes": [PATIENT_RECORDS | {"legal_basis": "consent"}], "transfers": [TO_US],
                         "subprocessors": [AWS]}, True)],
        "attendance": [({"purposes": [FACE_ONLY],
                         "transfers": [TO_US], "subprocessors": [AWS]}, True)],
    },
}  # fmt: skip

CALIFORNIA = Terms("State of California", "general", 30, 24, 5, "Annual SOC 2 Type II report", "return")
ILLINOIS = Terms("State of Illinois", "specific", 30, 72, 5, "One on-site audit a year", "delete")
GERMANY = Terms("Germany", "specific", 60, 24, 7, "Audits per Art. 28(3)(h) GDPR", "delete")
INDIA = Terms("India", "general", 30, 72, 10, "ISO 27001 certificate yearly", "delete")

# slug -> [(kind, version, terms, effective, expires, signed on or None, sent?)] oldest first
AGREEMENTS = {
    "northwind-health": [
        ("DPA", "2024.1", CALIFORNIA,
         date(2024, 3, 1), date(2026, 2, 28), date(2024, 2, 15), True),
        ("DPA", "2025.2", CALIFORNIA,
         date(2025, 9, 1), date(2027, 8, 31), date(2025, 8, 20), True),
        ("BAA", "2024.1", CALIFORNIA,
         date(2024, 3, 1), date(2026, 12, 31), date(2024, 2, 15), True),
    ],
    "acme-manufacturing": [
        ("DPA", "2025.1", ILLINOIS,
         date(2025, 1, 10), date(2027, 1, 9), date(2025, 1, 8), True),
    ],
    "rhein-klinik": [
        ("DPA", "2025.1", GERMANY,
         date(2025, 4, 1), date(2028, 3, 31), date(2025, 3, 20), True),
        ("DPA", "2026.1", GERMANY,
         date(2026, 4, 1), date(2029, 3, 31), None, True),
    ],
    "pune-medicare": [
        ("DPA", "2026.1", INDIA,
         date(2026, 6, 1), date(2028, 5, 31), None, True),
    ],
}  # fmt: skip

FLAG = (
    "acme-manufacturing", "attendance", 1,
    "Face templates are kept for 5 years after employment ends; BIPA 740 ILCS 14/15(a) allows at most "
    "3 years after the last interaction. Please shorten the retention before we process further.",
)  # fmt: skip


def _has(system: Principal, model: type, tenant_id: int) -> bool:
    with scoped_session(system) as session:
        return session.exec(select(model.id).where(model.tenant_id == tenant_id)).first() is not None


def seed_instructions(system: Principal, tenant_ids: dict[str, int]) -> int:
    added = 0
    for slug, services in INSTRUCTIONS.items():
        tenant_id = tenant_ids[slug]
        if _has(system, InstructionSet, tenant_id):
            continue
        admin = principal_for_email(f"admin@{slug}.example") or system
        for service, history in services.items():
            for content, approve in history:
                view = versions.save_draft(admin, tenant_id, service, content)
                if approve:
                    versions.approve(admin, view.id)
                added += 1
    slug, service, version, note = FLAG
    flagged = next(
        v for v in versions.list_versions(system, tenant_ids[slug], service) if v.version == version
    )
    if not flagged.open_flags and added:
        flags.raise_flag(principal_for_email("am@smartnex.example") or system, flagged.id, note)
    return added


def signed_copy(tenant: str, kind: str, version: str, signed_on: date) -> bytes:
    """A one-page PDF standing in for the scanned, signed contract."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 12, f"{kind} {version}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(
        0,
        7,
        f"Between {tenant} (controller) and Smartnex Technologies (processor).\n"
        f"Signed by both parties on {signed_on.isoformat()}.\n\n(Demo copy.)",
    )
    return bytes(pdf.output())


def seed_agreements(system: Principal, tenant_ids: dict[str, int]) -> int:
    added = 0
    for slug, rows in AGREEMENTS.items():
        if _has(system, Agreement, tenant_ids[slug]):
            continue
        for kind, version, terms, effective, expires, signed_on, sent in rows:
            view = agreements.create_agreement(
                system, tenant_ids[slug], AgreementDraft(kind, version, terms, effective, expires)
            )
            if sent:
                agreements.mark_sent(system, view.id)
            if signed_on:
                agreements.sign(system, view.id, signed_on)
                documents.attach_document(
                    system,
                    view.id,
                    f"{slug}-{kind}-{version}-signed.pdf",
                    signed_copy(slug, kind, version, signed_on),
                )
            added += 1
    return added
