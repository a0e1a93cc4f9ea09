"""Coverage per purpose, grants and withdrawals per month, and biometric subjects without a
valid written release: each checked against a brute-force computation over the events the
test created (a random but valid history, with corrections entered at the same instant)."""

import random
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from services.consent import coverage
from services.errors import PermissionDenied
from services.imports.consents import import_consents
from services.instructions import versions
from services.metric_scope import Scope
from tests.consent.conftest import (
    ACME,
    BIOMETRIC,
    VISITOR_BADGE,
    ConsentTenant,
    World,
    build_tenant,
    csv_bytes,
    row,
)
from tests.factories import SYSTEM, make_member

PURPOSES = {
    "biometric-attendance": ["employee"],
    "payroll": ["employee"],
    "visitor-badge": ["visitor", "employee"],
}


@dataclass(frozen=True)
class Made:
    ref: str
    kind: str
    purpose: str
    status: str
    at: datetime
    order: int  # position in the file: the later of two events at the same instant wins


def month_end(rng: random.Random, now: datetime) -> datetime:
    """The last second of a recent month, or the first of the next: month edges in UTC."""
    first = (now - timedelta(days=rng.randrange(40, 400))).replace(day=1, hour=0, minute=0, second=0)
    return first - timedelta(seconds=rng.choice([1, 0]))


def history(rng: random.Random, ref: str, kind: str, purpose: str, start: int) -> list[Made]:
    """A valid sequence: withdrawals only after a grant; sometimes a same-instant correction."""
    now = datetime.now(UTC).replace(microsecond=0)

    def instant() -> datetime:
        some_day = now - timedelta(days=rng.randrange(2, 500), minutes=rng.randrange(1440))
        return rng.choice([month_end(rng, now), some_day])

    times = sorted(instant() for _ in range(rng.randrange(0, 5)))
    made, granted = [], False
    for at in times:
        choices = ["granted", "granted", "refused", "expired"] + (["withdrawn"] * 2 if granted else [])
        status = rng.choice(choices)
        if made and made[-1].at == at:
            continue  # one event per instant, apart from the corrections below
        made.append(Made(ref, kind, purpose, status, at, start + len(made)))
        granted = granted or status == "granted"
        if status == "granted" and rng.random() < 0.15:  # entered wrongly: corrected at the same instant
            made.append(Made(ref, kind, purpose, "refused", at, start + len(made)))
    return made


def random_ledger(rng: random.Random, subjects: int) -> list[Made]:
    made: list[Made] = []
    for n in range(subjects):
        kind = "visitor" if n % 4 == 0 else "employee"
        for purpose, kinds in PURPOSES.items():
            if kind in kinds:
                made += history(rng, f"S{n:03d}", kind, purpose, len(made))
    return made


def as_rows(made: list[Made]) -> list[dict[str, str]]:
    method = {"biometric-attendance": "written"}
    return [row(m.ref, subject_type=m.kind, purpose=m.purpose, status=m.status, captured_at=m.at.isoformat(),
                method=method.get(m.purpose, "electronic-click")) for m in made]  # fmt: skip


def latest(made: list[Made]) -> dict[tuple[str, str], Made]:
    found: dict[tuple[str, str], Made] = {}
    for m in sorted(made, key=lambda m: (m.at, m.order)):
        found[(m.ref, m.purpose)] = m
    return found


@pytest.fixture
def fresh(world: World) -> ConsentTenant:
    """A tenant of its own, so that the figures hold only this test's events."""
    return build_tenant(replace(ACME, slug=f"acme-{uuid4().hex[:8]}"))


@pytest.mark.parametrize("seed", [1, 2])
def test_figures_match_a_brute_force_count(fresh: ConsentTenant, acme: ConsentTenant, seed: int) -> None:
    rng = random.Random(seed)
    made = random_ledger(rng, 40)
    assert import_consents(fresh.admin, fresh.slug, csv_bytes(as_rows(made))).imported == len(made)
    noise = random_ledger(random.Random(seed + 100), 10)  # another tenant's events must not count
    import_consents(acme.admin, acme.slug, csv_bytes(as_rows(noise)))
    subjects = {m.ref: m.kind for m in made}
    last = latest(made)
    assert any(m.status == "refused" and (m.ref, m.purpose) in last for m in made)  # corrections exist

    expected_coverage = {
        p: (sum(1 for k in subjects.values() if k in kinds),
            sum(1 for (r, q), m in last.items() if q == p and m.status == "granted"))
        for p, kinds in PURPOSES.items()
    }  # fmt: skip
    assert {
        c.purpose: (c.in_scope, c.granted) for c in coverage.coverage(fresh.admin, fresh.id)
    } == expected_coverage

    since = date.today() - timedelta(days=200)
    for start in (date.min, since):
        monthly = coverage.events_by_month(fresh.admin, Scope(fresh.id, start, date.today()))
        expected = Counter(
            (m.at.date().replace(day=1), m.status) for m in made
            if m.status in ("granted", "withdrawn") and m.at.date() >= start
        )  # fmt: skip
        assert {(month, status): n for month, status, n in monthly} == dict(expected)
        assert [month for month, _, _ in monthly] == sorted(month for month, _, _ in monthly)

    missing, total = coverage.missing_releases(fresh.admin, fresh.id)
    expected_missing = {
        ("biometric-attendance", ref, kind, last[(ref, "biometric-attendance")].status
         if (ref, "biometric-attendance") in last else "none")
        for ref, kind in subjects.items() if kind == "employee"
    } - {("biometric-attendance", r, "employee", "granted") for r in subjects}  # fmt: skip
    assert {(m.purpose, m.subject_ref, m.subject_type, m.latest_status) for m in missing} == expected_missing
    assert total == len(expected_missing)
    few, same_total = coverage.missing_releases(fresh.admin, fresh.id, limit=3)
    assert len(few) == 3 and same_total == total


def test_coverage_of_an_empty_ledger(fresh: ConsentTenant) -> None:
    figures = coverage.coverage(fresh.admin, fresh.id)
    assert [(c.purpose, c.in_scope, c.granted, c.share) for c in figures] == [
        ("biometric-attendance", 0, 0, None), ("payroll", 0, 0, None), ("visitor-badge", 0, 0, None),
    ]  # fmt: skip
    assert coverage.missing_releases(fresh.admin, fresh.id) == ([], 0)
    assert coverage.events_by_month(fresh.admin, Scope(fresh.id, date.min, date.max)) == []


def test_missing_releases_need_consent_read(fresh: ConsentTenant) -> None:
    with pytest.raises(PermissionDenied, match="consent:read"):
        coverage.missing_releases(make_member(fresh.id, "client_viewer"), fresh.id)


def test_grants_of_subjects_no_longer_in_scope_do_not_count(fresh: ConsentTenant) -> None:
    rows = [row("V-1", subject_type="visitor", purpose="visitor-badge"),
            row("E-1", purpose="visitor-badge", status="refused")]  # fmt: skip
    assert import_consents(fresh.admin, fresh.slug, csv_bytes(rows)).imported == 2
    badge = {c.purpose: c for c in coverage.coverage(fresh.admin, fresh.id)}["visitor-badge"]
    assert (badge.in_scope, badge.granted, badge.share) == (2, 1, 0.5)
    narrowed = [BIOMETRIC, VISITOR_BADGE | {"data_subjects": ["employee"]}]
    versions.approve(SYSTEM, versions.save_draft(SYSTEM, fresh.id, "attendance", {"purposes": narrowed}).id)
    badge = {c.purpose: c for c in coverage.coverage(fresh.admin, fresh.id)}["visitor-badge"]
    assert (badge.in_scope, badge.granted, badge.share) == (1, 0, 0.0)
