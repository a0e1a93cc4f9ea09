"""A tenant's configuration as a file: its current DPA and, per service, its instructions."""

from dataclasses import asdict
from typing import Any

from sqlmodel import Session, select

from models import Agreement, Tenant
from services.agreements.terms import AgreementKind, AgreementStatus, terms_of
from services.errors import InvalidInput, NotFound
from services.instructions.versions import current_approved, open_draft
from services.permissions import Permission
from services.principal import Principal
from services.scoping import scoped_session
from services.tenant_config.document import FORMAT_VERSION, check, dump

UNSIGNED = (AgreementStatus.DRAFT, AgreementStatus.SENT)


def export_config(principal: Principal, slug: str) -> str:
    """The YAML that `apply_config` would accept and find nothing to change in."""
    with scoped_session(principal) as session:
        tenant = session.exec(select(Tenant).where(Tenant.slug == slug)).first()
        if tenant is None:
            raise NotFound(f"No tenant '{slug}'.")
        principal.require(Permission.AGREEMENTS_READ, tenant.id)
        principal.require(Permission.INSTRUCTIONS_READ, tenant.id)
        data = {
            "version": FORMAT_VERSION,
            "tenant": tenant.slug,
            "contract": _contract(session, tenant.id),
            "instructions": _instructions(session, tenant),
        }
    config, found = check(data)
    if config is None:
        details = "; ".join(f"{path}: {reason}" for path, reason in found)
        raise InvalidInput(f"The stored configuration of {slug} does not fit the file format: {details}")
    return dump(config)


def _contract(session: Session, tenant_id: int) -> dict[str, Any] | None:
    """The signed DPA; where none is signed, the newest unsigned version, as a draft."""
    rows = session.exec(
        select(Agreement)
        .where(
            Agreement.tenant_id == tenant_id,
            Agreement.kind == AgreementKind.DPA,
            Agreement.status.in_([AgreementStatus.SIGNED, *UNSIGNED]),
        )
        .order_by(Agreement.created_at.desc(), Agreement.id.desc())
    ).all()
    row = next((r for r in rows if r.status == AgreementStatus.SIGNED), rows[0] if rows else None)
    if row is None:
        return None
    return {
        "kind": row.kind,
        "version": row.version,
        "effective_on": row.effective_on,
        "expires_on": row.expires_on,
        "status": "signed" if row.status == AgreementStatus.SIGNED else "draft",
        "terms": asdict(terms_of(row)),
    }


def _instructions(session: Session, tenant: Tenant) -> dict[str, Any]:
    """Per service the tenant buys: the approved set, or the open draft where none is approved."""
    found = {}
    for service in tenant.services:
        row = current_approved(session, tenant.id, service) or open_draft(session, tenant.id, service)
        if row is not None:
            found[service] = {"status": row.status, **row.content}
    return found
