"""The signed copy of an agreement: a PDF of at most 20 MB, stored with its SHA-256."""

from pathlib import PurePath

from sqlmodel import select

from models import Agreement, AgreementDocument
from services import audit
from services.errors import NotFound
from services.file_checks import checked
from services.permissions import Permission
from services.principal import Principal
from services.scoping import scoped_session

MAX_BYTES = 20_000_000


def attach_document(principal: Principal, agreement_id: int, file_name: str, content: bytes) -> str:
    """Store the PDF and link it to the agreement in one transaction; returns its SHA-256."""
    _, sha256 = checked(content, {"application/pdf"}, MAX_BYTES, "signed agreement")
    with scoped_session(principal) as session:
        row = session.exec(select(Agreement).where(Agreement.id == agreement_id)).first()
        if row is None:
            raise NotFound(f"No agreement {agreement_id} among the ones you may see.")
        principal.require(Permission.AGREEMENTS_WRITE, row.tenant_id)
        document = AgreementDocument(
            tenant_id=row.tenant_id,
            file_name=PurePath(file_name).name[:255] or "agreement.pdf",
            size=len(content),
            sha256=sha256,
            content=content,
            uploaded_by=principal.actor,
        )
        session.add(document)
        session.flush()
        before = audit.snapshot(row)
        row.document_id = document.id
        session.add(row)
        audit.record(
            session,
            principal,
            "agreement.attach",
            row,
            row.tenant_id,
            before=before,
            after=audit.snapshot(row) | {"file_name": document.file_name, "sha256": sha256},
        )
        return sha256


def download_document(principal: Principal, agreement_id: int) -> tuple[str, bytes]:
    """(file name, bytes) of the agreement's signed copy."""
    with scoped_session(principal) as session:
        found = session.exec(
            select(Agreement.tenant_id, AgreementDocument.file_name, AgreementDocument.content)
            .join(AgreementDocument, AgreementDocument.id == Agreement.document_id)
            .where(Agreement.id == agreement_id)
        ).first()
    if found is None:
        raise NotFound("That agreement has no signed copy among the ones you may see.")
    principal.require(Permission.AGREEMENTS_READ, found[0])
    return found[1], found[2]
