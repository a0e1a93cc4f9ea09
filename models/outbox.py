"""Emails waiting to be delivered, written in the transaction that caused them."""

from datetime import datetime

from sqlmodel import Field

from models.base import TenantOwned, utcnow
from models.vocabulary import OutboxStatus


class OutboxMessage(TenantOwned, table=True):
    """One email; the sender claims it with a row lock and marks it sent only after a 2xx."""

    __tablename__ = "outbox_message"

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int | None = Field(default=None, foreign_key="tenant.id", index=True)
    kind: str = Field(max_length=64)
    to_email: str = Field(max_length=254)
    subject: str = Field(max_length=200)
    body: str
    status: str = Field(default=OutboxStatus.PENDING, max_length=16, index=True)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, index=True)
    last_error: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
