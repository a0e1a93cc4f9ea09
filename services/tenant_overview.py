"""A client's compliance position in a few figures, for its home page."""

from dataclasses import dataclass
from datetime import date

from services.agreements.register import list_agreements
from services.instructions.flags import list_flags
from services.instructions.versions import list_versions
from services.principal import Principal
from services.rights.register import RequestFilter, list_requests


@dataclass(frozen=True)
class TenantOverview:
    dpa: str  # "DPA 2025.2, signed" or "no signed DPA"
    dpa_expires_on: date | None
    renewals_due: list[str]
    open_requests: int
    overdue_requests: int
    due_this_week: int
    drafts_awaiting_approval: int
    open_flags: int


def overview(principal: Principal, tenant_id: int) -> TenantOverview:
    agreements = list_agreements(principal, tenant_id)
    dpa = next((a for a in agreements if a.kind == "DPA" and a.is_current), None)
    requests = list_requests(principal, RequestFilter(tenant_id, open_only=True))
    return TenantOverview(
        dpa=f"DPA {dpa.version}, signed {dpa.signed_on}" if dpa else "no signed DPA",
        dpa_expires_on=dpa.expires_on if dpa else None,
        renewals_due=[f"{a.kind} {a.version}" for a in agreements if a.renewal_due],
        open_requests=len(requests),
        overdue_requests=sum(r.overdue for r in requests),
        due_this_week=sum(not r.overdue and r.days_left <= 7 for r in requests),
        drafts_awaiting_approval=sum(v.status == "draft" for v in list_versions(principal, tenant_id)),
        open_flags=len(list_flags(principal, tenant_id, open_only=True)),
    )
