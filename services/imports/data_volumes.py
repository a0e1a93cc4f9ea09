"""`volumes ingest`: daily record counts from CSV or JSON lines, upserted by
(date, tenant, service, category) so that ingesting a file again changes nothing."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, insert, select, update

from models import DataVolume, Tenant
from models.vocabulary import DataCategory, Service
from services import audit
from services.imports import csv_file, jsonl_file, values
from services.imports.report import ImportReport, RowError
from services.principal import Principal
from services.scoping import scoped_session

FIELDS = ["date", "tenant", "service", "category", "records_total", "records_created", "records_deleted"]
COUNTS = FIELDS[4:]
Key = tuple[date, int, str, str]


@dataclass
class VolumeReport(ImportReport):
    updated: int = 0
    per_tenant: Counter[int] = field(default_factory=Counter, repr=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "errors": [e.__dict__ for e in self.errors],
        }


def _is_json_lines(source: Path | bytes) -> bool:
    head = (
        source[:64] if isinstance(source, bytes) else source.open("rb").read(64) if source.is_file() else b""
    )
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def _parse(
    fields: dict[str, str], tenants: dict[str, Tenant], today: date
) -> tuple[Key, dict[str, int]] | list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    day = None
    try:
        day = values.when(fields["date"])
        if not isinstance(day, date) or len(fields["date"]) != 10:
            raise ValueError(f"'{fields['date']}' is not a date (YYYY-MM-DD)")
        if day > today:
            problems.append(("date", f"{day} is in the future"))
    except ValueError as error:
        problems.append(("date", str(error)))
    tenant = tenants.get(fields["tenant"])
    if tenant is None:
        problems.append(("tenant", f"unknown tenant '{fields['tenant']}'"))
    elif fields["service"] in {s.value for s in Service} and fields["service"] not in tenant.services:
        problems.append(("service", f"{tenant.slug} does not buy {fields['service']}"))
    if fields["service"] not in {s.value for s in Service}:
        problems.append(("service", f"unknown service '{fields['service']}'"))
    if fields["category"] not in {c.value for c in DataCategory}:
        problems.append(("category", f"unknown category '{fields['category']}'"))
    counts = {}
    for column in COUNTS:
        try:
            counts[column] = values.whole_number(fields[column])
        except ValueError as error:
            problems.append((column, str(error)))
    if problems:
        return problems
    return (day, tenant.id, fields["service"], fields["category"]), counts


def _validate(
    source: Path | bytes, tenants: dict[str, Tenant], today: date
) -> tuple[VolumeReport, dict[Key, dict[str, int]]]:
    reader = jsonl_file.read_rows if _is_json_lines(source) else csv_file.read_rows
    report, rows, first_seen = VolumeReport(), {}, {}
    for number, fields in reader(source, FIELDS, []):
        parsed = fields if isinstance(fields, str) else _parse(fields, tenants, today)
        if isinstance(parsed, str):
            report.errors.append(RowError(number, "", parsed))
        elif isinstance(parsed, list):
            report.errors += [RowError(number, c, m) for c, m in parsed]
        elif parsed[0] in first_seen:
            report.errors.append(
                RowError(
                    number, "date", f"same date, tenant, service and category as row {first_seen[parsed[0]]}"
                )
            )
        else:
            first_seen[parsed[0]] = number
            rows[parsed[0]] = parsed[1]
    return report, rows


def _existing(session: Session, keys: list[Key]) -> dict[Key, DataVolume]:
    days = sorted({k[0] for k in keys})
    query = select(DataVolume).where(DataVolume.day.in_(days), DataVolume.tenant_id.in_({k[1] for k in keys}))
    return {(v.day, v.tenant_id, v.service, v.category): v for v in session.exec(query).all()}


def _write(session: Session, rows: dict[Key, dict[str, int]], report: VolumeReport) -> None:
    existing = _existing(session, list(rows))
    new, changed = [], []
    for key, counts in rows.items():
        old = existing.get(key)
        if old is None:
            new.append({"day": key[0], "tenant_id": key[1], "service": key[2], "category": key[3], **counts})
        elif any(getattr(old, c) != n for c, n in counts.items()):
            changed.append({"id": old.id, **counts})
        else:
            report.duplicates += 1
            continue
        report.per_tenant[key[1]] += 1
    if new:
        session.exec(insert(DataVolume), params=new)
    if changed:
        session.exec(update(DataVolume), params=changed)
    report.imported, report.updated = len(new), len(changed)


def latest_local_today() -> date:
    """Today in the time zone that is furthest ahead (UTC+14): no tenant's today is later."""
    return (datetime.now(UTC) + timedelta(hours=14)).date()


def ingest_volumes(principal: Principal, source: Path | bytes, today: date | None = None) -> VolumeReport:
    """Validate everything, then upsert in one transaction, audited per tenant."""
    today = today or latest_local_today()
    with scoped_session(principal) as session:
        tenants = {t.slug: t for t in session.exec(select(Tenant)).all()}
    report, rows = _validate(source, tenants, today)
    if report.errors or not rows:
        return report
    with scoped_session(principal) as session:
        _write(session, rows, report)
        for tenant_id, n in report.per_tenant.items():
            audit.record(
                session,
                principal,
                "volumes.ingest",
                ("DataVolume", tenant_id),
                tenant_id,
                after={"rows_changed": n},
            )
    return report
