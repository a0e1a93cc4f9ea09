"""Data-volume figures for charts: sums per day grouped in SQL."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import select

from models import DataVolume
from services.metric_scope import Scope, require_metrics_read
from services.principal import Principal
from services.scoping import scoped_session
from services.sql_dates import as_date


@dataclass(frozen=True)
class Growth:
    category: str
    first_day: date
    first_total: int
    last_day: date
    last_total: int
    created: int
    deleted: int

    @property
    def change_pct(self) -> float | None:
        return None if not self.first_total else 100 * (self.last_total - self.first_total) / self.first_total


def _scoped(query: Any, scope: Scope) -> Any:
    query = query.where(DataVolume.day >= scope.start, DataVolume.day <= scope.end)
    return query if scope.tenant_id is None else query.where(DataVolume.tenant_id == scope.tenant_id)


def totals_by_day(principal: Principal, scope: Scope, by: str) -> list[tuple[date, str, int]]:
    """(day, category or service, records held at the end of the day) summed over tenants."""
    require_metrics_read(principal, scope)
    key = {"category": DataVolume.category, "service": DataVolume.service}[by]
    query = _scoped(select(DataVolume.day, key, func.sum(DataVolume.records_total)), scope)
    with scoped_session(principal) as session:
        rows = session.exec(query.group_by(DataVolume.day, key).order_by(DataVolume.day, key)).all()
    return [(as_date(d), k, int(n)) for d, k, n in rows]


def growth_by_category(principal: Principal, scope: Scope) -> list[Growth]:
    """Per category: totals on the first and last day with data in the period, and the flows."""
    require_metrics_read(principal, scope)
    flows = _scoped(
        select(
            DataVolume.category,
            func.min(DataVolume.day),
            func.max(DataVolume.day),
            func.sum(DataVolume.records_created),
            func.sum(DataVolume.records_deleted),
        ),
        scope,
    ).group_by(DataVolume.category)
    daily = _scoped(
        select(DataVolume.category, DataVolume.day, func.sum(DataVolume.records_total)), scope
    ).group_by(DataVolume.category, DataVolume.day)
    with scoped_session(principal) as session:
        spans = session.exec(flows.order_by(DataVolume.category)).all()
        ends = {(c, as_date(d)) for c, first, last, *_ in spans for d in (first, last)}
        totals = {
            (c, as_date(d)): int(n)
            for c, d, n in session.exec(daily.where(DataVolume.day.in_({d for _, d in ends}))).all()
        }
    return [
        Growth(
            c,
            as_date(first),
            totals[(c, as_date(first))],
            as_date(last),
            totals[(c, as_date(last))],
            int(created),
            int(deleted),
        )
        for c, first, last, created, deleted in spans
    ]
