"""A client organisation: the data controller the processor works for."""

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from models.base import utcnow


class Tenant(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=63, unique=True, index=True)
    legal_name: str = Field(max_length=200)
    country: str = Field(max_length=2)
    time_zone: str = Field(max_length=64)
    laws: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    services: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Public holidays that move GDPR/UK-GDPR due dates: ISO country, optionally "-SUBDIVISION".
    holiday_calendar: str | None = Field(default=None, max_length=16)
    created_at: datetime = Field(default_factory=utcnow)
