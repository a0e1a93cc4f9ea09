"""Agreements per tenant: drafts, sending, signing (which supersedes the current version),
termination, and the renewal flag. Exactly one agreement of each kind is current."""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, select

from models import Agreement, AgreementDocument, Tenant
from services import audit, validation
from services.agreements.terms import (
    DEFAULT_TERMS,
    AgreementKind,
    AgreementStatus,
    Terms,
    clean_terms,
    terms_of,
)
from services.errors import InvalidInput, NotFound
from services.permissions import Permission
from services.principal import Principal
from services.scoping import scoped_session

RENEWAL_WINDOW_DAYS = 60
S = AgreementStatus


@dataclass(frozen=True)
class AgreementDraft:
    kind: str
    version: str
    terms: Terms = DEFAULT_TERMS
    effective_on: date | None = None
    expires_on: date | None = None


@dataclass(frozen=True)
class AgreementView:
    id: int
    tenant_id: int
    tenant_slug: str
    kind: str
    version: str
    status: str
    signed_on: date | None
    effective_on: date | None
    expires_on: date | None
    terms: Terms
    document_name: str | None
    document_sha256: str | None
    document_size: int | None
    as_of: date

    @property
    def is_current(self) -> bool:
        return self.status == S.SIGNED

    @property
    def days_to_expiry(self) -> int | None:
        return None if self.expires_on is None else (self.expires_on - self.as_of).days

    @property
    def renewal_due(self) -> bool:
        """Current and expiring within 60 days (or already past its date)."""
        return (
            self.is_current and self.days_to_expiry is not None and self.days_to_expiry <= RENEWAL_WINDOW_DAYS
        )


def _view(row: Agreement, slug: str, document: AgreementDocument | None, as_of: date) -> AgreementView:
    return AgreementView(
        row.id,
        row.tenant_id,
        slug,
        row.kind,
        row.version,
        row.status,
        row.signed_on,
        row.effective_on,
        row.expires_on,
        terms_of(row),
        document and document.file_name,
        document and document.sha256,
        document and document.size,
        as_of,
    )


def _rows(session: Session, query: Any) -> list[tuple[Agreement, str, AgreementDocument | None]]:
    joined = query.join(Tenant, Tenant.id == Agreement.tenant_id).outerjoin(
        AgreementDocument, AgreementDocument.id == Agreement.document_id
    )
    return list(session.exec(joined).all())


def list_agreements(
    principal: Principal, tenant_id: int | None, as_of: date | None = None
) -> list[AgreementView]:
    """One tenant's agreements, or (None) those of every tenant the principal may see."""
    principal.require_scope(Permission.AGREEMENTS_READ, tenant_id)
    query = select(Agreement, Tenant.slug, AgreementDocument)
    if tenant_id is not None:
        query = query.where(Agreement.tenant_id == tenant_id)
    query = query.order_by(Tenant.slug, Agreement.kind, Agreement.created_at.desc())
    with scoped_session(principal) as session:
        return [_view(a, slug, d, as_of or date.today()) for a, slug, d in _rows(session, query)]


def _clean(draft: AgreementDraft) -> AgreementDraft:
    validation.choice(draft.kind, AgreementKind, "agreement type")
    version = validation.text(draft.version, "Version", 16)
    if draft.effective_on and draft.expires_on and draft.expires_on <= draft.effective_on:
        raise InvalidInput("The expiry date must be after the effective date.")
    return AgreementDraft(draft.kind, version, clean_terms(draft.terms), draft.effective_on, draft.expires_on)


def add_agreement(session: Session, principal: Principal, tenant_id: int, draft: AgreementDraft) -> Agreement:
    """Add a validated draft version in the caller's transaction, audited."""
    row = Agreement(
        tenant_id=tenant_id,
        kind=draft.kind,
        version=draft.version,
        effective_on=draft.effective_on,
        expires_on=draft.expires_on,
        created_by=principal.actor,
        **asdict(draft.terms),
    )
    session.add(row)
    audit.record(session, principal, "agreement.create", row, tenant_id, after=audit.snapshot(row))
    return row


def create_agreement(principal: Principal, tenant_id: int, draft: AgreementDraft) -> AgreementView:
    """A new version, as a draft."""
    principal.require(Permission.AGREEMENTS_WRITE, tenant_id)
    clean = _clean(draft)
    with scoped_session(principal) as session:
        tenant = session.get(Tenant, tenant_id)
        if tenant is None:
            raise NotFound(f"No tenant with id {tenant_id}.")
        taken = select(Agreement.id).where(
            Agreement.tenant_id == tenant_id, Agreement.kind == clean.kind, Agreement.version == clean.version
        )
        if session.exec(taken).first():
            raise InvalidInput(f"{clean.kind} version {clean.version} already exists.")
        return _view(add_agreement(session, principal, tenant_id, clean), tenant.slug, None, date.today())


def _load(
    session: Session, principal: Principal, agreement_id: int
) -> tuple[Agreement, str, AgreementDocument | None]:
    found = _rows(
        session, select(Agreement, Tenant.slug, AgreementDocument).where(Agreement.id == agreement_id)
    )
    if not found:
        raise NotFound(f"No agreement {agreement_id} among the ones you may see.")
    principal.require(Permission.AGREEMENTS_WRITE, found[0][0].tenant_id)
    return found[0]


def _transition(
    principal: Principal,
    agreement_id: int,
    action: str,
    allowed_from: set[str],
    change: Callable[[Session, Agreement], None],
) -> AgreementView:
    with scoped_session(principal) as session:
        row, slug, document = _load(session, principal, agreement_id)
        if row.status not in allowed_from:
            raise InvalidInput(f"{row.kind} v{row.version} is {row.status}; it cannot be {action}.")
        before = audit.snapshot(row)
        change(session, row)
        session.add(row)
        audit.record(
            session,
            principal,
            f"agreement.{action}",
            row,
            row.tenant_id,
            before=before,
            after=audit.snapshot(row),
        )
        return _view(row, slug, document, date.today())


def mark_sent(principal: Principal, agreement_id: int) -> AgreementView:
    return _transition(
        principal, agreement_id, "sent", {S.DRAFT}, lambda _s, row: setattr(row, "status", S.SENT)
    )


def sign_row(session: Session, principal: Principal, row: Agreement, signed_on: date) -> Agreement:
    """Sign in the caller's transaction; the kind's current version becomes superseded first."""
    current = session.exec(
        select(Agreement).where(
            Agreement.tenant_id == row.tenant_id, Agreement.kind == row.kind, Agreement.status == S.SIGNED
        )
    ).first()
    if current is not None and current is not row:
        before = audit.snapshot(current)
        current.status = S.SUPERSEDED
        session.add(current)
        session.flush()  # the partial unique index allows one signed version per kind
        audit.record(
            session,
            principal,
            "agreement.supersede",
            current,
            row.tenant_id,
            before=before,
            after=audit.snapshot(current),
        )
    before = audit.snapshot(row)
    row.status, row.signed_on = S.SIGNED, signed_on
    row.effective_on = row.effective_on or signed_on
    session.add(row)
    audit.record(
        session, principal, "agreement.signed", row, row.tenant_id, before=before, after=audit.snapshot(row)
    )
    return row


def sign(principal: Principal, agreement_id: int, signed_on: date) -> AgreementView:
    """Sign a draft or sent version; the kind's current version becomes superseded."""
    if signed_on > date.today():
        raise InvalidInput("The signing date cannot be in the future.")
    with scoped_session(principal) as session:
        row, slug, document = _load(session, principal, agreement_id)
        if row.status not in {S.DRAFT, S.SENT}:
            raise InvalidInput(f"{row.kind} v{row.version} is {row.status}; it cannot be signed.")
        return _view(sign_row(session, principal, row, signed_on), slug, document, date.today())


def terminate(principal: Principal, agreement_id: int) -> AgreementView:
    return _transition(
        principal,
        agreement_id,
        "terminated",
        {S.SIGNED},
        lambda _s, row: setattr(row, "status", S.TERMINATED),
    )


def current_terms(session: Session, tenant_id: int) -> Terms:
    """The terms of the tenant's current DPA; the defaults where none is signed."""
    row = session.exec(
        select(Agreement).where(
            Agreement.tenant_id == tenant_id,
            Agreement.kind == AgreementKind.DPA,
            Agreement.status == S.SIGNED,
        )
    ).first()
    return terms_of(row) if row else DEFAULT_TERMS
