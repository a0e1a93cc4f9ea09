"""Date expressions that differ between SQLite and PostgreSQL, for GROUP BY queries."""

from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, cast, func
from sqlmodel import Session


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def week_start(session: Session, column: Any) -> Any:
    """The Monday of the column's week."""
    if _dialect(session) == "postgresql":
        return cast(func.date_trunc("week", column), Date)
    days_since_monday = (cast(func.strftime("%w", column), Integer) + 6) % 7
    return func.date(column, func.printf("-%d days", days_since_monday))


def month_start(session: Session, column: Any) -> Any:
    if _dialect(session) == "postgresql":
        return cast(func.date_trunc("month", column), Date)
    return func.strftime("%Y-%m-01", column)


def days_between(session: Session, later: Any, earlier: Any) -> Any:
    if _dialect(session) == "postgresql":
        return later - earlier
    return cast(func.julianday(later) - func.julianday(earlier), Integer)


def as_date(value: Any) -> date:
    """SQLite returns text for computed dates; PostgreSQL returns dates."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
