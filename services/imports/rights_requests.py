"""`requests import`: validate every row first; write all rows or none."""

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import select

from models import RightsRequest, Tenant
from services.imports import values
from services.imports.csv_file import read_rows
from services.imports.report import ImportReport, RowError, RowErrors
from services.imports.target import audit_import, tenant_by_slug
from services.permissions import Permission
from services.principal import Principal
from services.rights import drafts
from services.rights.drafts import RequestDraft
from services.rights.register import store_request
from services.scoping import scoped_session

REQUIRED = ["external_ref", "request_type", "jurisdiction", "subject_type", "received_at"]
OPTIONAL = ["status", "extended", "closed_at"]


def _parse(fields: dict[str, str], tenant: Tenant) -> RequestDraft:
    errors: list[tuple[str, str]] = []

    def parsed(column: str, parse: Callable[[str], Any], default: Any = None) -> Any:
        text = fields.get(column, "")
        if not text:
            return default
        try:
            return parse(text)
        except ValueError as error:
            errors.append((column, str(error)))
            return default

    received = parsed("received_at", values.when)
    closed = parsed("closed_at", values.when)
    extended = parsed("extended", values.boolean, False)
    if received is None and not any(c == "received_at" for c, _ in errors):
        errors.append(("received_at", "is required"))
    if errors:
        raise RowErrors(errors)
    return drafts.normalised(
        RequestDraft(
            external_ref=fields["external_ref"],
            request_type=fields["request_type"],
            jurisdictions=fields["jurisdiction"].split(";"),
            subject_type=fields["subject_type"],
            received_on=drafts.local_date(received, tenant.time_zone),
            status=fields.get("status") or "received",
            extended=extended,
            closed_on=drafts.local_date(closed, tenant.time_zone) if closed else None,
        )
    )


def import_requests(principal: Principal, tenant_slug: str, source: Path | bytes) -> ImportReport:
    """Import a CSV of requests into one tenant. Raises UnreadableFile for an unusable file."""
    with scoped_session(principal) as session:
        tenant = tenant_by_slug(session, tenant_slug)
        principal.require(Permission.REQUESTS_WRITE, tenant.id)
        existing = set(
            session.exec(select(RightsRequest.external_ref).where(RightsRequest.tenant_id == tenant.id))
        )
    report, accepted = _validate(source, tenant, existing)
    if report.errors or not accepted:
        return report
    with scoped_session(principal) as session:
        for draft in accepted:
            store_request(session, tenant, draft)
        report.imported = len(accepted)
        audit_import(session, principal, "requests.import", tenant.id, source, report)
    return report


def _validate(
    source: Path | bytes, tenant: Tenant, existing: set[str]
) -> tuple[ImportReport, list[RequestDraft]]:
    report, accepted, seen = ImportReport(), [], {}
    today: date = drafts.local_today(tenant.time_zone)
    for number, fields in read_rows(source, REQUIRED, OPTIONAL):
        if isinstance(fields, str):
            report.errors.append(RowError(number, "", fields))
            continue
        try:
            draft = _parse(fields, tenant)
        except RowErrors as problem:
            report.errors += [RowError(number, c, m) for c, m in problem.errors]
            continue
        found = drafts.problems(draft, today, tenant.holiday_calendar)
        if draft.external_ref in seen:
            found.append(
                ("external_ref", f"'{draft.external_ref}' already appears in row {seen[draft.external_ref]}")
            )
        report.errors += [RowError(number, c, m) for c, m in found]
        seen.setdefault(draft.external_ref, number)
        if found:
            continue
        if draft.external_ref in existing:
            report.duplicates += 1
        else:
            accepted.append(draft)
    return report, accepted
