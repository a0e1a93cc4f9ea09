"""Test data for tenant configuration, made through the services (so it is audited too)."""

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import select
from typer.testing import Result

from models import Agreement, AuditEvent, InstructionSet
from services import tenants
from services.agreements import register
from services.agreements.register import AgreementDraft
from services.agreements.terms import DEFAULT_TERMS
from services.instructions import versions
from services.scoping import unscoped_session
from services.tenants import TenantDraft, TenantFacts
from tests.cli.runner import invoke
from tests.factories import SYSTEM


def make_tenant(slug: str, services: tuple[str, ...] = ("attendance", "hrms")) -> TenantFacts:
    draft = TenantDraft(slug, f"{slug.title()} GmbH", "DE", "Europe/Berlin", ["GDPR"], list(services))
    return tenants.create_tenant(SYSTEM, draft)


def purpose(slug: str, categories: tuple[str, ...] = ("hr",), special: bool = False) -> dict[str, Any]:
    return {
        "slug": slug,
        "description": f"{slug.replace('-', ' ').capitalize()} for the client's staff",
        "legal_basis": "employment-law",
        "data_subjects": ["employee"],
        "data_categories": list(categories),
        "special_category": special,
        "operations": ["collect", "store", "use"],
    }


ATTENDANCE = {
    "purposes": [purpose("time-recording", ("hr", "usage"))],
    "transfers": [{"country": "US", "recipient": "Cloudhost Inc.", "safeguard": "data-privacy-framework"}],
    "subprocessors": ["Cloudhost Inc."],
}
HRMS = {"purposes": [purpose("payroll", ("hr", "contact"))], "transfers": [], "subprocessors": []}
BIOMETRIC = purpose("biometric-attendance", ("biometric",), special=True)


def configured_tenant(slug: str) -> TenantFacts:
    """A tenant with a signed DPA and approved instructions for attendance and hrms."""
    tenant = make_tenant(slug)
    terms = replace(DEFAULT_TERMS, breach_notice_hours=36, governing_law="Laws of Germany")
    draft = AgreementDraft("DPA", "2026.1", terms, date(2026, 1, 1), date(2027, 12, 31))
    register.sign(SYSTEM, register.create_agreement(SYSTEM, tenant.id, draft).id, date(2026, 1, 2))
    for service, content in (("attendance", ATTENDANCE), ("hrms", HRMS)):
        versions.approve(SYSTEM, versions.save_draft(SYSTEM, tenant.id, service, content).id)
    return tenant


def database_state() -> tuple[int, list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Audit event count, agreement rows and instruction rows: to show nothing changed."""
    with unscoped_session("test: compare the database before and after") as session:
        events = session.exec(select(func.count()).select_from(AuditEvent)).one()
        agreements = session.exec(
            select(Agreement.id, Agreement.version, Agreement.status, Agreement.breach_notice_hours).order_by(
                Agreement.id
            )
        ).all()
        sets = session.exec(
            select(
                InstructionSet.id, InstructionSet.version, InstructionSet.status, InstructionSet.content
            ).order_by(InstructionSet.id)
        ).all()
    return events, [tuple(r) for r in agreements], [tuple(r) for r in sets]


def audit_actions() -> list[str]:
    with unscoped_session("test: read the audit log") as session:
        return list(session.exec(select(AuditEvent.action).order_by(AuditEvent.id)).all())


def export(slug: str) -> str:
    result = invoke("tenant", "export", slug)
    assert result.exit_code == 0, result.output
    return result.stdout


def apply(tmp_path: Path, text: str, *options: str) -> Result:
    file = tmp_path / "tenant.yaml"
    file.write_text(text, encoding="utf-8")
    return invoke("tenant", "apply", str(file), *options)
