"""The workloads: generated files through the real importers, and the chart queries."""

import csv
import io
import random
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from services import tenants
from services.imports.consents import REQUIRED, import_consents
from services.imports.data_volumes import FIELDS, ingest_volumes
from services.imports.rights_requests import import_requests
from services.instructions import versions
from services.metric_scope import Scope
from services.principal import Principal
from services.rights import metrics
from services.tenants import TenantDraft

SYSTEM = Principal.system("system:bench")
KINDS, LAWS = ("access", "deletion", "correction"), ("HIPAA", "CCPA", "HIPAA;CCPA")
CATEGORIES = ("phi", "biometric", "geolocation", "hr", "contact", "usage")
PURPOSE = {
    "slug": "biometric-attendance", "description": "Face clock-in", "legal_basis": "written-release",
    "data_subjects": ["employee"], "data_categories": ["biometric"], "special_category": True,
    "operations": ["collect", "store", "match"],
}  # fmt: skip


@dataclass(frozen=True)
class Result:
    name: str
    size: str
    seconds: float
    target_seconds: float | None
    peak_rss_mb: float

    @property
    def ratio(self) -> float | None:
        """Measured time as a share of the target: below 1.0 is within it."""
        return None if self.target_seconds is None else self.seconds / self.target_seconds


def _timed(name: str, size: str, target: float | None, work: Callable[[], object]) -> Result:
    start = time.perf_counter()
    work()
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Result(name, size, round(elapsed, 2), target, round(peak, 1))


def _tenant(slug: str, services: list[str], laws: list[str]) -> int:
    draft = TenantDraft(slug, f"Bench {slug}", "US", "America/Chicago", laws, services)
    return tenants.create_tenant(SYSTEM, draft).id


def consents_file(rows: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(REQUIRED)
    start = datetime(2025, 1, 1, 8, tzinfo=UTC)
    for n in range(rows):
        when = start + timedelta(minutes=n)
        writer.writerow([f"EMP-{n:07d}", "employee", "biometric-attendance", "granted", when.isoformat(),
                         "e-signature", "BIO-1"])  # fmt: skip
    return buffer.getvalue().encode()


def consent_import(rows: int, suffix: str) -> Result:
    tenant_id = _tenant(f"bench-consent-{suffix}", ["attendance"], ["BIPA"])
    versions.approve(SYSTEM, versions.save_draft(SYSTEM, tenant_id, "attendance", {"purposes": [PURPOSE]}).id)
    content = consents_file(rows)
    return _timed(
        "consent import (CSV, all-or-nothing)",
        f"{rows:,} rows",
        60.0,
        lambda: import_consents(SYSTEM, f"bench-consent-{suffix}", content),
    )


def volumes_ingest(tenant_count: int, suffix: str) -> Result:
    slugs = [f"bench-vol-{suffix}-{n}" for n in range(tenant_count)]
    for slug in slugs:
        _tenant(slug, ["healthcare", "attendance", "hrms"], ["HIPAA"])
    day = (date.today() - timedelta(days=1)).isoformat()
    series = [(s, c) for s in ("healthcare", "attendance", "hrms") for c in CATEGORIES]
    lines = [",".join(FIELDS)] + [
        f"{day},{slug},{service},{category},{1000 + n},{n % 7},{n % 3}"
        for slug in slugs for n, (service, category) in enumerate(series)
    ]  # fmt: skip
    content = "\n".join(lines).encode()
    return _timed(
        "volumes ingest (nightly feed)",
        f"{tenant_count} tenants, {len(lines) - 1:,} rows",
        60.0,
        lambda: ingest_volumes(SYSTEM, content),
    )


def requests_import_and_charts(rows: int, suffix: str) -> list[Result]:
    slug = f"bench-req-{suffix}"
    tenant_id = _tenant(slug, ["healthcare"], ["HIPAA", "CCPA"])
    rng, today = random.Random(1), date.today()
    lines = ["external_ref,request_type,jurisdiction,subject_type,received_at"] + [
        f"R-{n},{rng.choice(KINDS)},{rng.choice(LAWS)},patient,{today - timedelta(days=1 + n % 365)}"
        for n in range(rows)
    ]  # fmt: skip
    content = "\n".join(lines).encode()
    imported = _timed(
        "rights-request import", f"{rows:,} rows", None, lambda: import_requests(SYSTEM, slug, content)
    )
    scope = Scope(tenant_id, today - timedelta(days=365), today)
    charts = _timed(
        "request charts (4 GROUP BY queries)",
        f"{rows:,} requests",
        1.0,
        lambda: (
            metrics.open_by_days_left(SYSTEM, scope, today),
            metrics.open_by_type_and_status(SYSTEM, scope),
            metrics.received_and_closed_weekly(SYSTEM, scope),
            metrics.median_days_to_close(SYSTEM, scope),
        ),
    )
    return [imported, charts]
