"""Daily record counts per tenant, service and data category."""

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from models.base import TenantOwned, utcnow


class DataVolume(TenantOwned, table=True):
    __tablename__ = "data_volume"
    __table_args__ = (
        UniqueConstraint("tenant_id", "day", "service", "category"),
        Index("ix_data_volume_day", "day", "tenant_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    day: date
    service: str = Field(max_length=16)
    category: str = Field(max_length=16)
    records_total: int
    records_created: int
    records_deleted: int
    updated_at: datetime = Field(default_factory=utcnow)
