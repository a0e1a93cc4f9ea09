"""`python -m dashboard notify send [--json]`, against a local SendGrid stub."""

import json
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from sqlmodel import select
from typer.testing import CliRunner, Result

from dashboard.cli import app
from dashboard.settings import get_settings
from models import OutboxMessage
from models.base import utcnow
from services import emails
from services.scoping import scoped_session, unscoped_session
from tests.factories import SYSTEM, make_tenant

if TYPE_CHECKING:
    from tests.sendgrid_stub import SendGridStub


def queue(*recipients: str) -> None:
    tenant = make_tenant()
    with scoped_session(SYSTEM) as session:
        for to in recipients:
            emails.enqueue(session, tenant.id, "test", to, f"For {to}", "Hello.")


def notify_send(*options: str) -> Result:
    return CliRunner().invoke(app, ["notify", "send", *options])


def json_report(result: Result) -> dict[str, int]:
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 1, result.stdout
    return json.loads(result.stdout)


def test_notify_send_json_reports_delivered_messages(configured_stub: "SendGridStub") -> None:
    queue("a@example.com", "b@example.com")

    report = json_report(notify_send("--json"))

    assert report == {"sent": 2, "failed": 0, "dead": 0, "pending": 0}
    assert list(report) == ["sent", "failed", "dead", "pending"]
    assert sorted(configured_stub.received_to()) == ["a@example.com", "b@example.com"]
    assert json_report(notify_send("--json")) == {"sent": 0, "failed": 0, "dead": 0, "pending": 0}


def test_notify_send_json_counts_failed_dead_and_not_yet_due_messages(
    configured_stub: "SendGridStub", monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OUTBOX_MAX_ATTEMPTS", "2")
    get_settings.cache_clear()
    queue("last-chance@example.com", "first-try@example.com", "later@example.com")
    with unscoped_session("test: age the outbox") as session:
        last_chance, _, later = session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        last_chance.attempts = 1
        later.next_attempt_at = utcnow() + timedelta(hours=1)
    configured_stub.status = 500

    report = json_report(notify_send("--json"))

    assert report == {"sent": 0, "failed": 1, "dead": 1, "pending": 2}
    assert sorted(configured_stub.received_to()) == ["first-try@example.com", "last-chance@example.com"]


def test_notify_send_without_api_key_leaves_messages_pending(
    db: str, sendgrid_stub: "SendGridStub", monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDGRID_API_KEY", "")
    monkeypatch.setenv("SENDGRID_HOST", sendgrid_stub.host)
    get_settings.cache_clear()
    queue("a@example.com", "b@example.com")

    result = notify_send("--json")

    assert json_report(result) == {"sent": 0, "failed": 0, "dead": 0, "pending": 2}
    assert "SENDGRID_API_KEY is not set" in result.stderr
    assert sendgrid_stub.received == []


def test_notify_send_prints_a_plain_summary_without_json(configured_stub: "SendGridStub") -> None:
    queue("a@example.com")

    result = notify_send()

    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "sent 1, failed 0, dead 0, pending 0"
