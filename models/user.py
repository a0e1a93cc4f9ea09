"""People who log in, and what they may do where."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import TenantOwned, utcnow


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    name: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class Membership(TenantOwned, table=True):
    """A role for a user at one tenant, or processor-wide when `tenant_id` is None."""

    __table_args__ = (UniqueConstraint("user_id", "tenant_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    tenant_id: int | None = Field(default=None, foreign_key="tenant.id", index=True)
    role: str = Field(max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
