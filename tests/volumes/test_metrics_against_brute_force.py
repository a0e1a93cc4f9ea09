"""Every chart figure equals a brute-force count over the generated raw data."""

import random
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest

from services.imports.data_volumes import ingest_volumes
from services.imports.rights_requests import import_requests
from services.metric_scope import Scope
from services.rights import metrics
from services.rights.register import RequestFilter, list_requests
from services.volumes import metrics as volume_metrics
from tests.factories import SYSTEM, make_member, make_tenant

AS_OF = date(2026, 6, 30)
PERIOD = Scope(None, date(2026, 1, 1), date(2026, 6, 30))


@pytest.fixture
def generated(db: str) -> list[int]:
    """Two tenants with 60 random requests each (about 60% closed) in the first half of 2026."""
    rng = random.Random(7)
    ids = []
    for slug in ("alpha", "beta"):
        ids.append(make_tenant(slug).id)
        rows = ["external_ref,request_type,jurisdiction,subject_type,received_at,status,closed_at"]
        for n in range(60):
            received = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 170))
            laws = rng.choice(["GDPR", "CCPA", "HIPAA", "DPDP", "CCPA;HIPAA"])
            kind, status, closed = rng.choice(["access", "deletion", "correction"]), "in_progress", ""
            if rng.random() < 0.6:
                status = rng.choice(["completed", "refused"])
                closed = min(AS_OF, received + timedelta(days=rng.randrange(0, 70))).isoformat()
            rows.append(f"{slug}-{n},{kind},{laws},patient,{received},{status},{closed}")
        assert not import_requests(SYSTEM, slug, "\n".join(rows).encode()).errors
    return ids


def every() -> list:
    return list_requests(SYSTEM, RequestFilter(), AS_OF)


def bucket(days_left: int) -> str:
    if days_left < 0:
        return "overdue"
    return "0-7" if days_left <= 7 else "8-14" if days_left <= 14 else "15-30" if days_left <= 30 else ">30"


def test_open_by_days_left(generated: list[int]) -> None:
    expected = Counter(bucket(r.days_left) for r in every() if r.is_open)
    assert metrics.open_by_days_left(SYSTEM, PERIOD, AS_OF) == {
        b: expected.get(b, 0) for b in metrics.DAYS_LEFT_BUCKETS
    }


def test_open_by_days_left_for_one_tenant(generated: list[int]) -> None:
    scope = Scope(generated[0], PERIOD.start, PERIOD.end)
    expected = Counter(bucket(r.days_left) for r in every() if r.is_open and r.tenant_id == generated[0])
    assert metrics.open_by_days_left(SYSTEM, scope, AS_OF) == {
        b: expected.get(b, 0) for b in metrics.DAYS_LEFT_BUCKETS
    }


def test_open_by_type_and_status(generated: list[int]) -> None:
    expected = Counter((r.request_type, r.status) for r in every() if r.is_open)
    assert Counter({(t, s): n for t, s, n in metrics.open_by_type_and_status(SYSTEM, PERIOD)}) == expected


def test_by_tenant_and_days_left(generated: list[int]) -> None:
    expected = Counter((r.tenant_slug, bucket(r.days_left)) for r in every() if r.is_open)
    assert (
        Counter({(t, b): n for t, b, n in metrics.open_by_tenant_and_days_left(SYSTEM, PERIOD, AS_OF)})
        == expected
    )


def test_received_and_closed_weekly(generated: list[int]) -> None:
    monday = lambda d: d - timedelta(days=d.weekday())  # noqa: E731
    received = Counter(monday(r.received_on) for r in every())
    closed = Counter(monday(r.closed_on) for r in every() if r.closed_on)
    weekly = metrics.received_and_closed_weekly(SYSTEM, PERIOD)
    assert {w: (r, c) for w, r, c in weekly if r or c} == {
        w: (received[w], closed[w]) for w in set(received) | set(closed)
    }
    assert all(w.weekday() == 0 for w, _, _ in weekly)


def test_on_time_monthly_and_median(generated: list[int]) -> None:
    closed = [r for r in every() if r.closed_on]
    per_month: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for r in closed:
        month = r.closed_on.replace(day=1)
        per_month[month][0] += 1
        per_month[month][1] += r.closed_on <= r.due_date
    assert {m: [n, ok] for m, n, ok in metrics.on_time_monthly(SYSTEM, PERIOD)} == dict(per_month)
    durations = sorted((r.closed_on - r.received_on).days for r in closed)
    assert metrics.days_to_close(SYSTEM, PERIOD) == dict(Counter(durations))
    assert metrics.median_days_to_close(SYSTEM, PERIOD) == durations[(len(durations) - 1) // 2]


def test_tenant_view_of_a_client_admin_never_counts_other_tenants(generated: list[int]) -> None:
    admin = make_member(generated[0], "client_admin")
    mine = sum(1 for r in every() if r.is_open and r.tenant_id == generated[0])
    portfolio = Scope(None, PERIOD.start, PERIOD.end)
    assert sum(metrics.open_by_days_left(admin, portfolio, AS_OF).values()) == mine


def test_volume_totals_and_growth(db: str) -> None:
    make_tenant("alpha")
    rng, lines, truth = (
        random.Random(3),
        ["date,tenant,service,category,records_total,records_created,records_deleted"],
        {},
    )
    for day in range(40):
        d = date(2026, 3, 1) + timedelta(days=day)
        for category in ("hr", "contact"):
            total, made, gone = rng.randrange(100, 200), rng.randrange(0, 9), rng.randrange(0, 3)
            lines.append(f"{d},alpha,hrms,{category},{total},{made},{gone}")
            truth[(d, category)] = (total, made, gone)
    assert not ingest_volumes(SYSTEM, "\n".join(lines).encode()).errors
    scope = Scope(None, date(2026, 3, 5), date(2026, 3, 31))
    in_scope = {k: v for k, v in truth.items() if scope.start <= k[0] <= scope.end}
    assert {(d, c): n for d, c, n in volume_metrics.totals_by_day(SYSTEM, scope, "category")} == {
        k: v[0] for k, v in in_scope.items()
    }
    assert {(d, s): n for d, s, n in volume_metrics.totals_by_day(SYSTEM, scope, "service")} == {
        (d, "hrms"): sum(v[0] for (day, _), v in in_scope.items() if day == d) for d, _ in in_scope
    }
    for g in volume_metrics.growth_by_category(SYSTEM, scope):
        assert (g.first_day, g.last_day) == (scope.start, scope.end)
        assert g.first_total == truth[(scope.start, g.category)][0]
        assert g.last_total == truth[(scope.end, g.category)][0]
        assert g.created == sum(v[1] for (d, c), v in in_scope.items() if c == g.category)
        assert g.deleted == sum(v[2] for (d, c), v in in_scope.items() if c == g.category)
