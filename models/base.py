"""Shared column helpers and the marker for tables owned by one tenant."""

from datetime import UTC, datetime

from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Aware UTC now: timestamp columns take aware datetimes and return them in UTC."""
    return datetime.now(UTC)


class TenantOwned(SQLModel):
    """Rows of a table with this mixin belong to one tenant (or, where `tenant_id` may be None,
    to the processor) and are scoped by `services.scoping`."""

    tenant_id: int = Field(foreign_key="tenant.id", index=True)
