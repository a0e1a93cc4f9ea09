"""What every tenant import shares: finding the tenant the file is for, and auditing the import."""

import hashlib
from pathlib import Path

from sqlmodel import Session, select

from models import Tenant
from services import audit
from services.imports.report import ImportReport, UnreadableFile
from services.principal import Principal


def tenant_by_slug(session: Session, slug: str) -> Tenant:
    """The tenant an import names; an unknown one makes the whole file unusable (exit 2)."""
    tenant = session.exec(select(Tenant).where(Tenant.slug == slug)).first()
    if tenant is None:
        raise UnreadableFile(f"Unknown tenant '{slug}'.")
    return tenant


def file_sha256(source: Path | bytes) -> str:
    """Streaming, so a large file is never held in memory to be hashed."""
    if isinstance(source, bytes):
        return hashlib.sha256(source).hexdigest()
    digest = hashlib.sha256()
    with source.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def audit_import(
    session: Session,
    principal: Principal,
    action: str,
    tenant_id: int,
    source: Path | bytes,
    report: ImportReport,
) -> None:
    """One event per import, naming the file by its hash, in the import's transaction."""
    digest = file_sha256(source)
    after = {"file_sha256": digest, "imported": report.imported, "duplicates": report.duplicates}
    audit.record(session, principal, action, ("Import", digest[:16]), tenant_id, after=after)
