"""Rights-request figures for charts, each one GROUP BY query over the indexed columns."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, select

from models import RightsRequest, Tenant
from models.vocabulary import CLOSED_STATUSES
from services.metric_scope import Scope, require_metrics_read
from services.principal import Principal
from services.scoping import scoped_session
from services.sql_dates import as_date, days_between, month_start, week_start

CLOSED = [s.value for s in CLOSED_STATUSES]
DAYS_LEFT_BUCKETS = ["overdue", "0-7", "8-14", "15-30", ">30"]


def _in_scope(query: Any, scope: Scope) -> Any:
    return query if scope.tenant_id is None else query.where(RightsRequest.tenant_id == scope.tenant_id)


def _run(principal: Principal, scope: Scope, build: Callable[[Session], Any]) -> list[Any]:
    require_metrics_read(principal, scope)
    with scoped_session(principal) as session:
        return list(session.exec(_in_scope(build(session), scope)).all())


def open_by_type_and_status(principal: Principal, scope: Scope) -> list[tuple[str, str, int]]:
    """Open requests now, whatever the period."""
    return _run(
        principal,
        scope,
        lambda _s: (
            select(RightsRequest.request_type, RightsRequest.status, func.count())
            .where(RightsRequest.status.not_in(CLOSED))
            .group_by(RightsRequest.request_type, RightsRequest.status)
        ),
    )


def _days_left_bucket(as_of: date) -> Any:
    return case(
        (RightsRequest.due_date < as_of, "overdue"),
        (RightsRequest.due_date <= as_of + timedelta(days=7), "0-7"),
        (RightsRequest.due_date <= as_of + timedelta(days=14), "8-14"),
        (RightsRequest.due_date <= as_of + timedelta(days=30), "15-30"),
        else_=">30",
    )


def open_by_days_left(principal: Principal, scope: Scope, as_of: date) -> dict[str, int]:
    """Open requests by days left to their legal due date, as of `as_of`."""
    bucket = _days_left_bucket(as_of)
    rows = _run(
        principal,
        scope,
        lambda _s: select(bucket, func.count()).where(RightsRequest.status.not_in(CLOSED)).group_by(bucket),
    )
    found = dict(rows)
    return {b: found.get(b, 0) for b in DAYS_LEFT_BUCKETS}


def open_by_tenant_and_days_left(
    principal: Principal, scope: Scope, as_of: date
) -> list[tuple[str, str, int]]:
    """(tenant slug, days-left bucket, open requests): who is late or at risk, across clients."""
    bucket = _days_left_bucket(as_of)
    return _run(
        principal,
        scope,
        lambda _s: (
            select(Tenant.slug, bucket, func.count())
            .join(Tenant, Tenant.id == RightsRequest.tenant_id)
            .where(RightsRequest.status.not_in(CLOSED))
            .group_by(Tenant.slug, bucket)
            .order_by(Tenant.slug)
        ),
    )


def _weekly(principal: Principal, scope: Scope, column: Any) -> dict[date, int]:
    def build(session: Session) -> Any:
        week = week_start(session, column)
        return select(week, func.count()).where(column >= scope.start, column <= scope.end).group_by(week)

    return {as_date(w): n for w, n in _run(principal, scope, build)}


def received_and_closed_weekly(principal: Principal, scope: Scope) -> list[tuple[date, int, int]]:
    """(Monday, received, closed) for each week of the period."""
    received = _weekly(principal, scope, RightsRequest.received_on)
    closed = _weekly(principal, scope, RightsRequest.closed_on)
    first = scope.start - timedelta(days=scope.start.weekday())
    weeks = [first + timedelta(weeks=i) for i in range((scope.end - first).days // 7 + 1)]
    return [(w, received.get(w, 0), closed.get(w, 0)) for w in weeks]


def on_time_monthly(principal: Principal, scope: Scope) -> list[tuple[date, int, int]]:
    """(month, closed, closed on or before the due date) for requests closed in the period."""

    def build(session: Session) -> Any:
        month = month_start(session, RightsRequest.closed_on)
        on_time = func.sum(case((RightsRequest.closed_on <= RightsRequest.due_date, 1), else_=0))
        return (
            select(month, func.count(), on_time)
            .where(RightsRequest.closed_on >= scope.start, RightsRequest.closed_on <= scope.end)
            .group_by(month)
            .order_by(month)
        )

    return [(as_date(m), n, int(ok or 0)) for m, n, ok in _run(principal, scope, build)]


def days_to_close(principal: Principal, scope: Scope) -> dict[int, int]:
    """How many requests closed in the period took each number of days."""

    def build(session: Session) -> Any:
        days = days_between(session, RightsRequest.closed_on, RightsRequest.received_on)
        return (
            select(days, func.count())
            .where(RightsRequest.closed_on >= scope.start, RightsRequest.closed_on <= scope.end)
            .group_by(days)
        )

    return {int(d): n for d, n in _run(principal, scope, build)}


def median_days_to_close(principal: Principal, scope: Scope) -> int | None:
    """The lower median, from the per-day counts (no row is loaded)."""
    histogram = sorted(days_to_close(principal, scope).items())
    middle, seen = (sum(n for _, n in histogram) + 1) // 2, 0
    for days, n in histogram:
        seen += n
        if seen >= middle:
            return days
    return None
