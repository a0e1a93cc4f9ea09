"""The tamper-evident audit log: one hash chain over every event."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from models.base import TenantOwned, utcnow


class AuditEvent(TenantOwned, table=True):
    """`id` is the chain position, assigned by `services.audit`, never by the database."""

    __tablename__ = "audit_event"

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    occurred_at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=254, index=True)
    tenant_id: int | None = Field(default=None, foreign_key="tenant.id", index=True)
    action: str = Field(max_length=64, index=True)
    entity_type: str = Field(max_length=64)
    entity_id: str = Field(max_length=64)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditHead(SQLModel, table=True):
    """A single row holding the chain's end; updating it serialises appenders."""

    __tablename__ = "audit_head"

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    last_id: int = 0
    last_hash: str = Field(default="0" * 64, max_length=64)
