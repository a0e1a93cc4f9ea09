"""The append-only consent ledger: pseudonymised subjects, their events, and evidence files."""

from datetime import date, datetime

from sqlalchemy import Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field

from models.base import TenantOwned, utcnow


class ConsentSubject(TenantOwned, table=True):
    """An employee, patient or visitor, known only by a keyed hash (for look-up) and an
    encrypted copy (for display) of the tenant's own reference."""

    __tablename__ = "consent_subject"
    __table_args__ = (UniqueConstraint("tenant_id", "ref_hmac"),)

    id: int | None = Field(default=None, primary_key=True)
    ref_hmac: str = Field(max_length=64)
    ref_encrypted: str = Field(max_length=500)
    subject_type: str = Field(max_length=16)
    date_of_birth: date | None = None
    created_at: datetime = Field(default_factory=utcnow)


class ConsentEvent(TenantOwned, table=True):
    """Never updated or deleted: a mistake is corrected by a new event with a reason."""

    __tablename__ = "consent_event"
    __table_args__ = (
        UniqueConstraint("tenant_id", "subject_id", "purpose", "status", "captured_at"),
        Index("ix_consent_event_latest", "tenant_id", "purpose", "subject_id", "captured_at"),
        Index("ix_consent_event_captured", "tenant_id", "captured_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subject_id: int = Field(foreign_key="consent_subject.id")
    purpose: str = Field(max_length=63)
    status: str = Field(max_length=16)
    captured_at: datetime
    method: str = Field(max_length=24)
    notice_version: str = Field(max_length=64)
    recorded_by: str = Field(max_length=254)
    evidence_sha256: str | None = Field(default=None, max_length=64)
    evidence_id: int | None = Field(default=None, foreign_key="consent_evidence.id")
    guardian_encrypted: str | None = Field(default=None, max_length=500)
    jurisdiction: str | None = Field(default=None, max_length=16)
    reason: str | None = Field(default=None, max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)


class ConsentEvidence(TenantOwned, table=True):
    """A PDF, PNG or JPEG proving an event, stored in the event's transaction."""

    __tablename__ = "consent_evidence"

    id: int | None = Field(default=None, primary_key=True)
    file_name: str = Field(max_length=255)
    media_type: str = Field(max_length=32)
    size: int
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    uploaded_by: str = Field(max_length=254)
    uploaded_at: datetime = Field(default_factory=utcnow)
