"""Consent figures in SQL: coverage per purpose, grants and withdrawals over time, and the
biometric subjects who lack a valid written release."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from models import ConsentEvent, ConsentSubject
from services.consent import pseudonyms
from services.consent.rules import ConsentStatus
from services.instructions.versions import approved_purposes
from services.metric_scope import Scope, require_metrics_read
from services.permissions import Permission
from services.principal import Principal
from services.scoping import scoped_session
from services.sql_dates import as_date, month_start


@dataclass(frozen=True)
class Coverage:
    purpose: str
    service: str
    in_scope: int  # subjects of the types the purpose covers
    granted: int  # of those, whose latest event for the purpose is a grant

    @property
    def share(self) -> float | None:
        return self.granted / self.in_scope if self.in_scope else None


def _latest(tenant_id: int) -> Any:
    """(subject, purpose, status) of each subject's latest event per purpose. Two events at the
    same instant (a correction entered for the same time) are ordered by id, as a subject's
    history orders them: the later entry wins."""
    ranked = (
        select(
            ConsentEvent.subject_id,
            ConsentEvent.purpose,
            ConsentEvent.status,
            func.row_number()
            .over(
                partition_by=(ConsentEvent.subject_id, ConsentEvent.purpose),
                order_by=(ConsentEvent.captured_at.desc(), ConsentEvent.id.desc()),
            )
            .label("rank"),
        )
        .where(ConsentEvent.tenant_id == tenant_id)
        .subquery()
    )
    return select(ranked.c.subject_id, ranked.c.purpose, ranked.c.status).where(ranked.c.rank == 1).subquery()


def _granted_now(tenant_id: int) -> Any:
    """Subjects and purposes whose latest event is a grant."""
    latest = _latest(tenant_id)
    return (
        select(latest.c.subject_id, latest.c.purpose)
        .where(latest.c.status == ConsentStatus.GRANTED)
        .subquery()
    )


def coverage(principal: Principal, tenant_id: int) -> list[Coverage]:
    """For every approved purpose: subjects in scope, and how many hold a valid grant."""
    require_metrics_read(principal, Scope(tenant_id, date.min, date.max))
    purposes = approved_purposes(principal, tenant_id)
    granted = _granted_now(tenant_id)
    with scoped_session(principal) as session:
        by_type = dict(
            session.exec(
                select(ConsentSubject.subject_type, func.count())
                .where(ConsentSubject.tenant_id == tenant_id)
                .group_by(ConsentSubject.subject_type)
            ).all()
        )
        grants = {
            (purpose, kind): n
            for purpose, kind, n in session.exec(
                select(granted.c.purpose, ConsentSubject.subject_type, func.count())
                .join(ConsentSubject, ConsentSubject.id == granted.c.subject_id)
                .group_by(granted.c.purpose, ConsentSubject.subject_type)
            ).all()
        }
    # Only subjects in scope count, so a grant kept from before the instructions dropped a
    # subject type cannot push coverage above 100 %.
    return [
        Coverage(
            slug,
            p["service"],
            sum(by_type.get(t, 0) for t in p["data_subjects"]),
            sum(grants.get((slug, t), 0) for t in p["data_subjects"]),
        )
        for slug, p in sorted(purposes.items())
    ]


def events_by_month(principal: Principal, scope: Scope) -> list[tuple[date, str, int]]:
    """(month, status, events captured that month) for grants and withdrawals."""
    require_metrics_read(principal, scope)
    with scoped_session(principal) as session:
        month = month_start(session, ConsentEvent.captured_at)
        query = (
            select(month, ConsentEvent.status, func.count())
            .where(
                ConsentEvent.status.in_([ConsentStatus.GRANTED, ConsentStatus.WITHDRAWN]),
                func.date(ConsentEvent.captured_at) >= scope.start,
                func.date(ConsentEvent.captured_at) <= scope.end,
            )
            .group_by(month, ConsentEvent.status)
            .order_by(month)
        )
        if scope.tenant_id is not None:
            query = query.where(ConsentEvent.tenant_id == scope.tenant_id)
        return [(as_date(m), s, n) for m, s, n in session.exec(query).all()]


@dataclass(frozen=True)
class MissingRelease:
    purpose: str
    subject_ref: str
    subject_type: str
    latest_status: str  # "none" when nothing is on record for the purpose


def _biometric_purposes(principal: Principal, tenant_id: int) -> dict[str, dict[str, Any]]:
    return {
        s: p
        for s, p in approved_purposes(principal, tenant_id).items()
        if "biometric" in p["data_categories"]
    }


def missing_releases(
    principal: Principal, tenant_id: int, limit: int = 1000
) -> tuple[list[MissingRelease], int]:
    """Subjects in scope of a biometric purpose whose latest event is not a grant."""
    principal.require(Permission.CONSENT_READ, tenant_id)
    rows, total = [], 0
    for slug, purpose in sorted(_biometric_purposes(principal, tenant_id).items()):
        with scoped_session(principal) as session:
            found, count = _missing_for(session, tenant_id, slug, purpose["data_subjects"], limit - len(rows))
        rows += found
        total += count
    return rows, total


def _missing_for(
    session: Session, tenant_id: int, slug: str, types: list[str], limit: int
) -> tuple[list[MissingRelease], int]:
    latest = _latest(tenant_id)
    last_status = select(latest.c.subject_id, latest.c.status).where(latest.c.purpose == slug).subquery()
    query = (
        select(ConsentSubject, last_status.c.status)
        .outerjoin(last_status, last_status.c.subject_id == ConsentSubject.id)
        .where(
            ConsentSubject.tenant_id == tenant_id,
            ConsentSubject.subject_type.in_(types),
            func.coalesce(last_status.c.status, "none") != ConsentStatus.GRANTED,
        )
    )
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    found = session.exec(query.order_by(ConsentSubject.id).limit(max(0, limit))).all()
    return [
        MissingRelease(slug, pseudonyms.decrypt(s.ref_encrypted), s.subject_type, status or "none")
        for s, status in found
    ], total
