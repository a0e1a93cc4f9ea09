"""Deliver the email outbox through SendGrid, at most once per message, with retries."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from python_http_client.exceptions import HTTPError
from sendgrid import SendGridAPIClient
from sendgrid.helpers.mail import Mail
from sqlalchemy import func
from sqlmodel import Session, select

from dashboard.settings import Settings, get_settings
from models import OutboxMessage
from models.base import utcnow
from models.vocabulary import OutboxStatus
from services.permissions import Permission
from services.principal import Principal
from services.scoping import scoped_session, unscoped_session

log = logging.getLogger(__name__)
SEND_TIMEOUT_SECONDS = 15


@dataclass(frozen=True)
class SendReport:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    pending: int = 0


def _client(settings: Settings) -> SendGridAPIClient:
    client = SendGridAPIClient(api_key=settings.sendgrid_api_key, host=settings.sendgrid_host)
    client.client.timeout = SEND_TIMEOUT_SECONDS
    return client


def _claim_next(session: Session, now: datetime) -> OutboxMessage | None:
    # FOR UPDATE SKIP LOCKED on PostgreSQL: a second sender skips the row this one holds.
    # SQLite ignores it; there BEGIN IMMEDIATE already lets one sender in at a time.
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    return session.exec(query).first()


def _deliver(client: SendGridAPIClient, settings: Settings, message: OutboxMessage) -> None:
    mail = Mail(
        from_email=settings.mail_from,
        to_emails=message.to_email,
        subject=message.subject,
        plain_text_content=message.body,
    )
    response = client.send(mail)
    if not 200 <= response.status_code < 300:
        raise HTTPError(response.status_code, "unexpected status", response.body, response.headers)


def _record_failure(message: OutboxMessage, error: Exception, now: datetime, settings: Settings) -> str:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:500]
    if message.attempts >= settings.outbox_max_attempts:
        message.status = OutboxStatus.DEAD
        return "dead"
    delay = max(1, settings.outbox_backoff_seconds) * 2 ** (message.attempts - 1)
    message.next_attempt_at = now + timedelta(seconds=delay)
    return "failed"


def _send_one(client: SendGridAPIClient, settings: Settings, now: datetime) -> str | None:
    """Claim, send and settle one due message in its own transaction; None when none is due."""
    with unscoped_session("deliver the outbox for every tenant") as session:
        message = _claim_next(session, now)
        if message is None:
            return None
        try:
            _deliver(client, settings, message)
        except Exception as error:
            # Whatever stops this one message (an HTTP error, a refused connection, a garbled
            # answer, the library refusing the mail) is recorded and retried, then dead. Letting it
            # escape would roll back the claim and end the run, so the oldest message would block
            # the queue on every run and never reach the attempt limit.
            log.warning("outbox message %s not delivered: %s", message.id, error)
            return _record_failure(message, error, now, settings)
        message.status = OutboxStatus.SENT
        message.sent_at = utcnow()
        return "sent"


def pending_count() -> int:
    with unscoped_session("count the outbox for the sender") as session:
        query = select(func.count()).where(OutboxMessage.status == OutboxStatus.PENDING)
        return session.exec(query).one()


def send_pending(now: datetime | None = None) -> SendReport:
    """Deliver every message due by `now`. Without an API key, everything stays pending."""
    settings = get_settings()
    counts = {"sent": 0, "failed": 0, "dead": 0}
    if settings.sendgrid_api_key:
        client, now = _client(settings), now or utcnow()
        while (outcome := _send_one(client, settings, now)) is not None:
            counts[outcome] += 1
    return SendReport(**counts, pending=pending_count())


@dataclass(frozen=True)
class OutboxRow:
    id: int
    created_at: datetime
    to_email: str
    subject: str
    kind: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None


def list_outbox(principal: Principal, status: str | None = None, limit: int = 500) -> list[OutboxRow]:
    """The newest outbox messages, for platform admins."""
    principal.require(Permission.OUTBOX_READ)
    with scoped_session(principal) as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
        if status:
            query = query.where(OutboxMessage.status == status)
        return [
            OutboxRow(
                m.id,
                m.created_at,
                m.to_email,
                m.subject,
                m.kind,
                m.status,
                m.attempts,
                m.next_attempt_at,
                m.last_error,
            )
            for m in session.exec(query).all()
        ]


def outbox_counts(principal: Principal) -> dict[str, int]:
    """Messages per status, every status present (zero when none)."""
    principal.require(Permission.OUTBOX_READ)
    with scoped_session(principal) as session:
        query = select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        found = dict(session.exec(query).all())
    return {s.value: found.get(s.value, 0) for s in OutboxStatus}


def sender_configured() -> bool:
    return bool(get_settings().sendgrid_api_key)
