"""Consent histories for the demo tenants: thousands of employees and patients, some
withdrawals, minors with guardians, Illinois employees missing their written release."""

import csv
import io
import random
from datetime import date, datetime, time, timedelta

from sqlmodel import select

from models import ConsentSubject
from services.imports.consents import OPTIONAL, REQUIRED, import_consents
from services.principal import Principal
from services.scoping import scoped_session

# slug -> (ref prefix, subject type, how many, [(purpose, notice, share granted, methods)], share of minors)
PROFILES = {
    "acme-manufacturing": ("EMP-", "employee", 1200, [
        ("biometric-attendance", "BIO-RELEASE-2025.1", 0.93, ["written", "e-signature"]),
        ("payroll", "HR-NOTICE-3", 0.99, ["e-signature", "electronic-click"]),
    ], 0.0),
    "northwind-health": ("MRN-", "patient", 3000, [
        ("patient-portal", "PORTAL-PRIVACY-2.4", 0.78, ["electronic-click", "e-signature"]),
    ], 0.06),
    "rhein-klinik": ("PAT-", "patient", 1500, [
        ("patient-records", "EINWILLIGUNG-2024-03", 0.9, ["written", "e-signature"]),
    ], 0.08),
    "pune-medicare": ("UHID-", "patient", 2000, [
        ("patient-records", "CONSENT-DPDP-1.2", 0.85, ["e-signature", "written", "verbal-recorded"]),
    ], 0.1),
}  # fmt: skip
FIELDS = REQUIRED + OPTIONAL


def _when(rng: random.Random, start: date, end: date) -> datetime:
    day = start + timedelta(days=rng.randrange((end - start).days))
    return datetime.combine(day, time(rng.randrange(7, 19), rng.randrange(60)))


def _subject_rows(
    rng: random.Random, ref: str, kind: str, purposes: list, minors: float, until: date
) -> list[dict]:
    minor = rng.random() < minors
    captured_first = _when(rng, until - timedelta(days=700), until - timedelta(days=30))
    age = rng.randrange(4, 12) if minor else rng.randrange(19, 80)
    born = captured_first.date() - timedelta(days=365 * age + rng.randrange(300))
    rows = []
    for purpose, notice, share, methods in purposes:
        captured = captured_first + timedelta(minutes=rng.randrange(30))
        born_text = born.isoformat() if kind == "patient" else ""
        base = {"subject_ref": ref, "subject_type": kind, "purpose": purpose, "notice_version": notice,
                "date_of_birth": born_text, "jurisdiction": ""}  # fmt: skip
        if rng.random() >= share:
            if rng.random() < 0.5:  # some refuse; the others never answered
                rows.append(
                    base | {"status": "refused", "captured_at": captured.isoformat(), "method": methods[0]}
                )
            continue
        method, guardian = rng.choice(methods), ""
        if minor:
            method, guardian = "guardian-written", f"GUARDIAN-{rng.randrange(10**6):06d}"
        rows.append(base | {"status": "granted", "captured_at": captured.isoformat(), "method": method,
                            "guardian_ref": guardian})  # fmt: skip
        if rng.random() < 0.06:
            later = _when(rng, captured.date() + timedelta(days=1), until)
            rows.append(base | {"status": "withdrawn", "captured_at": later.isoformat(), "method": "written"})
    return rows


def consents_csv(slug: str, until: date) -> bytes:
    prefix, kind, count, purposes, minors = PROFILES[slug]
    rng = random.Random(f"consents:{slug}")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, extrasaction="ignore", restval="")
    writer.writeheader()
    for n in range(count):
        writer.writerows(_subject_rows(rng, f"{prefix}{100000 + n * 7}", kind, purposes, minors, until))
    return buffer.getvalue().encode()


def seed_consents(system: Principal, tenant_ids: dict[str, int], until: date) -> int:
    imported = 0
    for slug in PROFILES:
        with scoped_session(system) as session:
            if session.exec(
                select(ConsentSubject.id).where(ConsentSubject.tenant_id == tenant_ids[slug])
            ).first():
                continue
        report = import_consents(system, slug, consents_csv(slug, until))
        if report.errors:
            raise RuntimeError(f"demo consents for {slug} are invalid: {report.errors[:3]}")
        imported += report.imported
    return imported
