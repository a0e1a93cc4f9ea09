"""A data-subject rights request a controller forwarded, with its stored legal due date."""

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field

from models.base import TenantOwned, utcnow


class RightsRequest(TenantOwned, table=True):
    """`due_date` and `deciding_law` are computed by `services.rights.deadlines` on every
    change and stored so that charts can group by them in SQL."""

    __tablename__ = "rights_request"
    __table_args__ = (
        UniqueConstraint("tenant_id", "external_ref"),
        Index("ix_rights_request_open", "tenant_id", "status", "due_date"),
        Index("ix_rights_request_received", "tenant_id", "received_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    external_ref: str = Field(max_length=100)
    request_type: str = Field(max_length=16)
    jurisdictions: list[str] = Field(sa_column=Column(JSON, nullable=False))
    subject_type: str = Field(max_length=16)
    received_on: date
    status: str = Field(max_length=16)
    extended: bool = False
    extension_reason: str | None = Field(default=None, max_length=1000)
    assignee: str | None = Field(default=None, max_length=254)
    notes: str | None = Field(default=None, max_length=4000)
    outcome: str | None = Field(default=None, max_length=1000)
    closed_on: date | None = None
    due_date: date
    deciding_law: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow)


class RequestReminder(TenantOwned, table=True):
    """A reminder that was queued; the unique key makes each reminder go out once."""

    __tablename__ = "request_reminder"
    __table_args__ = (UniqueConstraint("request_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="rights_request.id", index=True)
    kind: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow)
