"""Contracts with a controller (DPA, BAA, SCC module) and their signed copies."""

from datetime import date, datetime

from sqlalchemy import Column, Index, LargeBinary, UniqueConstraint, text
from sqlmodel import Field

from models.base import TenantOwned, utcnow


class Agreement(TenantOwned, table=True):
    """One version of one kind of agreement. At most one per (tenant, kind) is `signed`:
    the current one, whose terms the rest of the product reads."""

    __tablename__ = "agreement"
    __table_args__ = (
        UniqueConstraint("tenant_id", "kind", "version"),
        Index(
            "ux_agreement_current",
            "tenant_id",
            "kind",
            unique=True,
            sqlite_where=text("status = 'signed'"),
            postgresql_where=text("status = 'signed'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    version: str = Field(max_length=16)
    status: str = Field(default="draft", max_length=16)
    signed_on: date | None = None
    effective_on: date | None = None
    expires_on: date | None = None
    governing_law: str = Field(max_length=100)
    subprocessor_authorisation: str = Field(default="general", max_length=16)
    subprocessor_notice_days: int = 30
    breach_notice_hours: int = 48
    request_target_days: int = 5
    audit_rights: str = Field(default="", max_length=500)
    end_of_contract: str = Field(default="delete", max_length=16)
    document_id: int | None = Field(default=None, foreign_key="agreement_document.id")
    created_by: str = Field(max_length=254)
    created_at: datetime = Field(default_factory=utcnow)


class AgreementDocument(TenantOwned, table=True):
    """A signed PDF, stored in the database so it is written in the same transaction."""

    __tablename__ = "agreement_document"

    id: int | None = Field(default=None, primary_key=True)
    file_name: str = Field(max_length=255)
    size: int
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    uploaded_by: str = Field(max_length=254)
    uploaded_at: datetime = Field(default_factory=utcnow)
