"""The email outbox: queued in the causing transaction, delivered through SendGrid at most
once, retried with backoff, dead after too many failures. SendGrid is a local stub."""

import threading
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from sqlmodel import select

from dashboard.settings import get_settings
from models import Membership, OutboxMessage
from models.base import utcnow
from services import emails, members
from services.errors import InvalidInput
from services.outbox import SendReport, pending_count, send_pending
from services.scoping import scoped_session, unscoped_session
from tests.factories import SYSTEM, make_tenant

if TYPE_CHECKING:
    from tests.sendgrid_stub import SendGridStub


def outbox() -> list[OutboxMessage]:
    """Every outbox message, oldest first, detached from its session."""
    with unscoped_session("test: read the outbox") as session:
        messages = list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())
        session.expunge_all()
    return messages


def queue(*recipients: str, body: str = "Hello.") -> None:
    """Queue one plain message per recipient, committed in one transaction."""
    tenant = make_tenant()
    with scoped_session(SYSTEM) as session:
        for to in recipients:
            emails.enqueue(session, tenant.id, "test", to, f"For {to}", body)


def set_env(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()


# Queueing, in the transaction that causes the email


def test_adding_a_member_queues_exactly_one_welcome_email(db: str) -> None:
    tenant = make_tenant("acme")
    members.add_member(SYSTEM, tenant.id, "New.Person@Example.com", "client_admin", name="New Person")

    [message] = outbox()
    assert (message.kind, message.tenant_id) == ("welcome", tenant.id)
    assert message.to_email == "new.person@example.com"
    assert message.subject == "Welcome to DPA Desk"
    assert (message.status, message.attempts, message.sent_at) == ("pending", 0, None)


def test_processor_wide_member_gets_a_welcome_without_a_tenant(configured_stub: "SendGridStub") -> None:
    members.add_member(SYSTEM, None, "exec@smartnex.example", "executive", name="Erin Exec")

    [message] = outbox()
    assert (message.kind, message.tenant_id) == ("welcome", None)
    assert send_pending() == SendReport(sent=1)
    [mail] = configured_stub.received
    assert mail.to == ["exec@smartnex.example"]
    assert "as executive for Smartnex Technologies (processor-wide)" in mail.text


def test_adding_a_member_without_welcome_queues_nothing(db: str) -> None:
    tenant = make_tenant()
    members.add_member(SYSTEM, tenant.id, "quiet@example.com", "client_viewer", welcome=False)
    assert outbox() == []


def test_refused_duplicate_member_queues_no_second_welcome(db: str) -> None:
    tenant = make_tenant()
    members.add_member(SYSTEM, tenant.id, "once@example.com", "client_admin")
    with pytest.raises(InvalidInput):
        members.add_member(SYSTEM, tenant.id, "once@example.com", "client_admin")
    assert [m.to_email for m in outbox()] == ["once@example.com"]


def test_member_addition_failing_after_queueing_leaves_no_outbox_message(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = make_tenant()
    queue_welcome = emails.enqueue_welcome

    def queue_flush_then_fail(session, *args, **kwargs):  # type: ignore[no-untyped-def]
        queue_welcome(session, *args, **kwargs)
        session.flush()  # the row reaches the database, inside the open transaction
        raise InvalidInput("refused after the welcome was queued")

    monkeypatch.setattr(emails, "enqueue_welcome", queue_flush_then_fail)
    with pytest.raises(InvalidInput, match="after the welcome"):
        members.add_member(SYSTEM, tenant.id, "rolled.back@example.com", "client_admin")

    assert outbox() == []
    with unscoped_session("test: read memberships") as session:
        assert session.exec(select(Membership)).all() == []


def test_scoped_session_that_raises_leaves_no_outbox_message(db: str) -> None:
    tenant = make_tenant()
    with pytest.raises(RuntimeError), scoped_session(SYSTEM) as session:
        emails.enqueue(session, tenant.id, "test", "nobody@example.com", "Never", "Never sent.")
        session.flush()
        raise RuntimeError("the change that caused the email failed")
    assert outbox() == []


# Delivery


def test_welcome_email_is_delivered_through_sendgrid_and_marked_sent(configured_stub: "SendGridStub") -> None:
    tenant = make_tenant("acme")
    members.add_member(SYSTEM, tenant.id, "ada@acme.example", "client_admin", name="Ada Lovelace")

    assert send_pending() == SendReport(sent=1)

    [mail] = configured_stub.received
    assert mail.authorization == f"Bearer {configured_stub.api_key}"
    assert mail.to == ["ada@acme.example"]
    assert mail.body["from"] == {"name": "DPA Desk", "email": "no-reply@dpa-desk.example"}
    assert mail.body["subject"] == "Welcome to DPA Desk"
    assert "Hello Ada Lovelace" in mail.text
    assert "as client administrator for Acme Ltd" in mail.text
    assert get_settings().app_url in mail.text
    [message] = outbox()
    assert (message.status, message.attempts, message.last_error) == ("sent", 0, None)
    assert message.sent_at is not None


def test_every_due_message_is_delivered_in_one_run(configured_stub: "SendGridStub") -> None:
    queue("a@example.com", "b@example.com", "c@example.com")
    assert send_pending() == SendReport(sent=3)
    assert configured_stub.received_to() == ["a@example.com", "b@example.com", "c@example.com"]
    assert send_pending() == SendReport()
    assert len(configured_stub.received) == 3


def test_without_api_key_nothing_is_sent_and_messages_stay_pending(
    db: str, sendgrid_stub: "SendGridStub", monkeypatch: pytest.MonkeyPatch
) -> None:
    set_env(monkeypatch, SENDGRID_API_KEY="", SENDGRID_HOST=sendgrid_stub.host)
    queue("a@example.com", "b@example.com")

    assert send_pending() == SendReport(pending=2)

    assert sendgrid_stub.received == []
    assert [(m.status, m.attempts) for m in outbox()] == [("pending", 0), ("pending", 0)]


def test_message_waits_out_an_outage_and_is_delivered_exactly_once(configured_stub: "SendGridStub") -> None:
    queue("patient@example.com")
    configured_stub.stop()
    t0 = utcnow()

    assert send_pending(now=t0) == SendReport(failed=1, pending=1)
    [message] = outbox()
    assert (message.status, message.attempts) == ("pending", 1)
    assert message.last_error and "refused" in message.last_error.lower()
    assert message.next_attempt_at == t0 + timedelta(seconds=get_settings().outbox_backoff_seconds)

    configured_stub.start()
    assert send_pending(now=message.next_attempt_at - timedelta(seconds=1)) == SendReport(pending=1)
    assert configured_stub.received == []

    later = message.next_attempt_at + timedelta(seconds=1)
    assert send_pending(now=later) == SendReport(sent=1)
    assert send_pending(now=later + timedelta(days=1)) == SendReport()
    assert configured_stub.received_to() == ["patient@example.com"]
    [message] = outbox()
    assert (message.status, message.attempts) == ("sent", 1)


def test_non_2xx_answer_fails_with_backoff_until_the_message_is_dead(
    configured_stub: "SendGridStub", monkeypatch: pytest.MonkeyPatch
) -> None:
    set_env(monkeypatch, OUTBOX_MAX_ATTEMPTS="3")
    queue("doomed@example.com")
    configured_stub.status = 500
    backoff = get_settings().outbox_backoff_seconds
    t0 = utcnow()

    assert send_pending(now=t0) == SendReport(failed=1, pending=1)
    [message] = outbox()
    assert message.next_attempt_at == t0 + timedelta(seconds=backoff)
    assert message.last_error and "500" in message.last_error

    t1 = t0 + timedelta(hours=1)
    assert send_pending(now=t1) == SendReport(failed=1, pending=1)
    [message] = outbox()
    assert message.next_attempt_at == t1 + timedelta(seconds=2 * backoff)

    assert send_pending(now=t1 + timedelta(hours=1)) == SendReport(dead=1)
    [message] = outbox()
    assert (message.status, message.attempts, message.sent_at) == ("dead", 3, None)

    configured_stub.status = 202
    assert send_pending(now=t0 + timedelta(days=30)) == SendReport()
    assert len(configured_stub.received) == 3
    assert outbox()[0].status == "dead"


def test_default_limit_is_five_attempts(configured_stub: "SendGridStub") -> None:
    queue("doomed@example.com")
    configured_stub.status = 503
    reports = [send_pending(now=utcnow() + timedelta(days=day)) for day in range(6)]
    assert reports == [SendReport(failed=1, pending=1)] * 4 + [SendReport(dead=1), SendReport()]
    assert len(configured_stub.received) == 5


def test_garbled_answer_is_a_failure_and_does_not_stop_the_run(configured_stub: "SendGridStub") -> None:
    queue("a@example.com", "b@example.com")
    configured_stub.garble = True

    assert send_pending() == SendReport(failed=2, pending=2)

    assert [m.attempts for m in outbox()] == [1, 1]
    assert all(m.last_error for m in outbox())


def test_message_the_sendgrid_library_refuses_fails_alone(configured_stub: "SendGridStub") -> None:
    # The library refuses to send a body that starts like an API key, before any HTTP.
    queue("refused@example.com", body="SG.abcdef.ghijkl is what a key looks like")
    queue("fine@example.com")

    assert send_pending() == SendReport(sent=1, failed=1, pending=1)

    assert configured_stub.received_to() == ["fine@example.com"]
    refused, fine = outbox()
    assert (refused.status, refused.attempts) == ("pending", 1)
    assert refused.last_error and "ApiKeyIncluded" in refused.last_error
    assert fine.status == "sent"


def test_concurrent_senders_never_send_a_message_twice(configured_stub: "SendGridStub", db: str) -> None:
    recipients = [f"user{i:02}@example.com" for i in range(20)]
    queue(*recipients)
    configured_stub.delay = 0.05
    start = threading.Barrier(2)
    reports: list[SendReport] = []
    errors: list[BaseException] = []

    def sender() -> None:
        try:
            start.wait(timeout=5)
            reports.append(send_pending())
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(configured_stub.received_to()) == recipients  # each exactly once
    assert sum(r.sent for r in reports) == 20
    assert sum(r.failed + r.dead for r in reports) == 0
    assert pending_count() == 0
    assert {m.status for m in outbox()} == {"sent"}
    if db == "postgres":  # SKIP LOCKED lets both work at once rather than queue up
        assert all(r.sent > 0 for r in reports), reports
