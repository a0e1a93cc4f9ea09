"""The controller's documented processing instructions (GDPR Art. 28(3)(a)), versioned per
service, and the processor's flags that an instruction may infringe the law."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field

from models.base import TenantOwned, utcnow


class InstructionSet(TenantOwned, table=True):
    """`content` holds purposes, transfers and subprocessors (see services/instructions/schema.py).
    An approved version is never changed; a new draft starts from it."""

    __tablename__ = "instruction_set"
    __table_args__ = (UniqueConstraint("tenant_id", "service", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    service: str = Field(max_length=16)
    version: int
    status: str = Field(default="draft", max_length=16)
    content: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    based_on_version: int | None = None
    author: str = Field(max_length=254)
    approved_by: str | None = Field(default=None, max_length=254)
    approved_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class InstructionFlag(TenantOwned, table=True):
    """Art. 28(3), last sentence: the processor says an instruction may infringe the law."""

    __tablename__ = "instruction_flag"

    id: int | None = Field(default=None, primary_key=True)
    instruction_set_id: int = Field(foreign_key="instruction_set.id", index=True)
    note: str = Field(max_length=2000)
    raised_by: str = Field(max_length=254)
    raised_at: datetime = Field(default_factory=utcnow)
    resolution: str | None = Field(default=None, max_length=2000)
    resolved_by: str | None = Field(default=None, max_length=254)
    resolved_at: datetime | None = None
