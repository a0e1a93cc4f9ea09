"""Consent fixtures: tenants whose approved instructions name the purposes the tests use,
an admin for each, and small helpers to build events and CSV files."""

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import func
from sqlmodel import select

from dashboard.settings import get_settings
from models import ConsentEvent, ConsentEvidence, ConsentSubject
from services.consent.rules import EventDraft, TenantRules
from services.instructions import versions
from services.principal import Principal
from services.scoping import unscoped_session
from services.tenants import TenantDraft, create_tenant
from tests.conftest import BACKENDS, _empty, _use
from tests.factories import SYSTEM, make_member

HEADER = [
    "subject_ref", "subject_type", "purpose", "status", "captured_at", "method", "notice_version",
    "evidence_sha256", "date_of_birth", "guardian_ref", "jurisdiction",
]  # fmt: skip


def purpose(slug: str, subjects: list[str], categories: list[str], basis: str = "consent") -> dict[str, Any]:
    special = bool({"phi", "biometric"} & set(categories))
    return {"slug": slug, "description": f"{slug} for tests", "legal_basis": basis,
            "data_subjects": subjects, "data_categories": categories, "special_category": special,
            "operations": ["collect", "store", "use"]}  # fmt: skip


BIOMETRIC = purpose("biometric-attendance", ["employee"], ["biometric", "geolocation"], "written-release")
PAYROLL = purpose("payroll", ["employee"], ["hr", "contact"], "contract")
VISITOR_BADGE = purpose("visitor-badge", ["visitor", "employee"], ["contact"])
PATIENT_RECORDS = purpose("patient-records", ["patient", "child"], ["phi", "contact"], "health-care")
FACE_CHECK_IN = purpose("face-check-in", ["patient"], ["biometric"])


@dataclass(frozen=True)
class Spec:
    slug: str
    country: str
    time_zone: str
    laws: list[str]
    instructions: dict[str, list[dict[str, Any]]]  # service -> approved purposes
    drafts: dict[str, list[dict[str, Any]]]  # service -> purposes only in an unapproved draft


# An Illinois employer under BIPA (biometric clock-in) and a German clinic under GDPR.
ACME = Spec(
    "acme-test",
    "US",
    "America/Chicago",
    ["BIPA"],
    {"attendance": [BIOMETRIC, VISITOR_BADGE], "hrms": [PAYROLL]},
    {"hrms": [PAYROLL, purpose("pension", ["employee"], ["hr"])]},
)
KLINIK = Spec("klinik-test", "DE", "Europe/Berlin", ["GDPR"],
              {"healthcare": [PATIENT_RECORDS, FACE_CHECK_IN]}, {})  # fmt: skip


@dataclass(frozen=True)
class ConsentTenant:
    id: int
    slug: str
    admin: Principal


def build_tenant(spec: Spec) -> ConsentTenant:
    """A tenant with approved instructions (and any open drafts), and a client admin."""
    draft = TenantDraft(
        spec.slug, f"{spec.slug.title()} Ltd", spec.country, spec.time_zone, spec.laws,
        sorted(set(spec.instructions) | set(spec.drafts)),
    )  # fmt: skip
    tenant_id = create_tenant(SYSTEM, draft).id
    for service, purposes in spec.instructions.items():
        saved = versions.save_draft(SYSTEM, tenant_id, service, {"purposes": purposes})
        versions.approve(SYSTEM, saved.id)
    for service, purposes in spec.drafts.items():
        versions.save_draft(SYSTEM, tenant_id, service, {"purposes": purposes})
    return ConsentTenant(tenant_id, spec.slug, make_member(tenant_id, "client_admin"))


def offline_rules(spec: Spec, now: datetime | None = None) -> TenantRules:
    """The rules `spec`'s tenant would get, without a database (for the pure rule tests)."""
    purposes = {p["slug"]: p | {"service": s} for s, ps in spec.instructions.items() for p in ps}
    return TenantRules(purposes, spec.laws, spec.country, now or datetime.now(UTC))


@dataclass(frozen=True)
class World:
    backend: str
    acme: ConsentTenant
    klinik: ConsentTenant


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, database_urls: dict[str, str]) -> Iterator[World]:
    """Both tenants, built once per module and backend on an emptied database. Tests sharing
    them must use their own subject references (the `ref` fixture) and count before/after."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SENDGRID_API_KEY", raising=False)
        _use(mp, database_urls[request.param])
        _empty(database_urls[request.param])
        yield World(request.param, build_tenant(ACME), build_tenant(KLINIK))
    get_settings.cache_clear()


@pytest.fixture
def acme(world: World) -> ConsentTenant:
    return world.acme


@pytest.fixture
def klinik(world: World) -> ConsentTenant:
    return world.klinik


@pytest.fixture
def ref() -> str:
    """A subject reference no other test uses."""
    return f"REF-{uuid4().hex[:10]}"


def ago(**delta: float) -> datetime:
    """An aware UTC time in the past, to the second."""
    return (datetime.now(UTC) - timedelta(**delta)).replace(microsecond=0)


def years_before(day: date, years: int, days: int = 0) -> date:
    """The birthday making someone exactly `years` old on `day` (minus `days` days)."""
    born = day.replace(year=day.year - years) if (day.month, day.day) != (2, 29) else day - timedelta(1)
    return born - timedelta(days=days)


def draft(subject_ref: str = "EMP-1", **fields: Any) -> EventDraft:
    """An employee's written grant for the biometric purpose a day ago, changed by `fields`."""
    base: dict[str, Any] = {
        "subject_ref": subject_ref, "subject_type": "employee", "purpose": "biometric-attendance",
        "status": "granted", "captured_at": ago(days=1), "method": "written",
        "notice_version": "BIO-1",
    }  # fmt: skip
    return EventDraft(**(base | fields))


def row(subject_ref: str = "EMP-1", **fields: Any) -> dict[str, str]:
    """A CSV row like `draft()`, as text."""
    base = {"subject_ref": subject_ref, "subject_type": "employee", "purpose": "biometric-attendance",
            "status": "granted", "captured_at": ago(days=1).isoformat(), "method": "written",
            "notice_version": "BIO-1"}  # fmt: skip
    return {k: str(v) for k, v in (base | fields).items()}


def csv_bytes(rows: Iterable[Mapping[str, str]], header: list[str] | None = None, bom: bool = False) -> bytes:
    header = header or HEADER
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, restval="", extrasaction="raise")
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode()


def counts() -> tuple[int, int, int]:
    """(subjects, events, evidence files) in the whole database."""
    with unscoped_session("tests: count consent rows") as session:
        return tuple(  # type: ignore[return-value]
            session.exec(select(func.count()).select_from(table)).one()
            for table in (ConsentSubject, ConsentEvent, ConsentEvidence)
        )
