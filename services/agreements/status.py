"""DPA status across clients, for account managers and executives: one row per tenant."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from models import Agreement, InstructionFlag, InstructionSet, Tenant
from services.agreements.register import RENEWAL_WINDOW_DAYS
from services.agreements.terms import AgreementKind, AgreementStatus
from services.permissions import Permission
from services.principal import Principal
from services.scoping import scoped_session


@dataclass(frozen=True)
class TenantDpaStatus:
    tenant_id: int
    slug: str
    legal_name: str
    dpa_version: str | None
    dpa_status: str  # the current DPA's status, or the newest version's when none is signed
    expires_on: date | None
    days_to_expiry: int | None
    pending_approvals: int
    open_flags: int
    other_current: list[str]  # e.g. ["BAA 2025.2"]
    renewals_due: list[str]  # current agreements expiring within the renewal window
    expiries: list[tuple[str, date]]  # every current agreement with an end date, e.g. ("BAA 2024.1", date)

    @property
    def attention(self) -> list[str]:
        reasons = []
        if self.dpa_status != AgreementStatus.SIGNED:
            reasons.append("no signed DPA")
        reasons += [f"{name} renewal due" for name in self.renewals_due]
        if self.pending_approvals:
            reasons.append("instructions awaiting approval")
        if self.open_flags:
            reasons.append("open infringement flag")
        return reasons


def _counts(session: Session, model: type[InstructionSet | InstructionFlag], where: Any) -> dict[int, int]:
    return dict(
        session.exec(select(model.tenant_id, func.count()).where(where).group_by(model.tenant_id)).all()
    )


def _renewal_due(agreement: Agreement, as_of: date) -> bool:
    return (
        agreement.status == AgreementStatus.SIGNED
        and agreement.expires_on is not None
        and (agreement.expires_on - as_of).days <= RENEWAL_WINDOW_DAYS
    )


def dpa_status(principal: Principal, as_of: date | None = None) -> list[TenantDpaStatus]:
    """Every tenant the principal may see, with its DPA, renewals, approvals and flags."""
    principal.require_scope(Permission.DPA_STATUS_READ, None)
    as_of = as_of or date.today()
    with scoped_session(principal) as session:
        tenants = session.exec(select(Tenant).order_by(Tenant.legal_name)).all()
        agreements = session.exec(select(Agreement).order_by(Agreement.created_at)).all()
        drafts = _counts(session, InstructionSet, InstructionSet.status == "draft")
        flags = _counts(session, InstructionFlag, InstructionFlag.resolved_at.is_(None))
    rows = []
    for tenant in tenants:
        if not principal.can(Permission.DPA_STATUS_READ, tenant.id):
            continue
        mine = [a for a in agreements if a.tenant_id == tenant.id]
        dpas = [a for a in mine if a.kind == AgreementKind.DPA]
        current = next((a for a in dpas if a.status == AgreementStatus.SIGNED), dpas[-1] if dpas else None)
        expires = current.expires_on if current else None
        rows.append(
            TenantDpaStatus(
                tenant.id,
                tenant.slug,
                tenant.legal_name,
                current and current.version,
                current.status if current else "none",
                expires,
                (expires - as_of).days if expires else None,
                drafts.get(tenant.id, 0),
                flags.get(tenant.id, 0),
                [
                    f"{a.kind} {a.version}"
                    for a in mine
                    if a.kind != AgreementKind.DPA and a.status == AgreementStatus.SIGNED
                ],
                [f"{a.kind} {a.version}" for a in mine if _renewal_due(a, as_of)],
                [
                    (f"{a.kind} {a.version}", a.expires_on)
                    for a in mine
                    if a.status == AgreementStatus.SIGNED and a.expires_on
                ],
            )
        )
    return rows
