"""Reminders: 7 days and 1 day before the due date and when overdue, each exactly once."""

from datetime import date, timedelta

from services.outbox import list_outbox
from services.rights import register, reminders
from services.rights.drafts import RequestDraft
from tests.factories import SYSTEM, make_member, make_tenant


def test_kind_for_days_left() -> None:
    assert [reminders.kind_for(d) for d in (30, 8, 7, 2, 1, 0, -1)] == [
        None,
        None,
        "due-7",
        "due-7",
        "due-1",
        "due-1",
        "overdue",
    ]


def test_each_reminder_is_sent_once_to_admins_and_account_manager(db: str) -> None:
    tenant = make_tenant("alpha")
    admin = make_member(tenant.id, "client_admin", "admin@alpha.example")
    make_member(tenant.id, "client_viewer", "viewer@alpha.example")
    make_member(tenant.id, "account_manager", "am@smartnex.example")
    received = date(2026, 1, 5)  # CCPA: due 2026-02-19
    register.create_request(admin, tenant.id, RequestDraft("R-1", "access", ["CCPA"], "patient", received))
    due = date(2026, 2, 19)

    def run(day: date) -> int:
        return reminders.queue_reminders(day)

    assert run(due - timedelta(days=8)) == 0
    assert run(due - timedelta(days=7)) == 2
    assert run(due - timedelta(days=6)) == 0
    assert run(due - timedelta(days=1)) == 2
    assert run(due) == 0
    assert run(due + timedelta(days=1)) == 2
    assert run(due + timedelta(days=5)) == 0
    sent = list_outbox(SYSTEM)
    assert {m.to_email for m in sent} == {"admin@alpha.example", "am@smartnex.example"}
    assert sorted({m.kind for m in sent}) == ["request-due-1", "request-due-7", "request-overdue"]
    assert any("OVERDUE" in m.subject and "R-1" in m.subject for m in sent)


def test_late_start_sends_only_the_most_urgent(db: str) -> None:
    tenant = make_tenant("alpha")
    make_member(tenant.id, "client_admin", "admin@alpha.example")
    register.create_request(
        SYSTEM, tenant.id, RequestDraft("R-1", "access", ["CCPA"], "patient", date(2026, 1, 5))
    )
    assert reminders.queue_reminders(date(2026, 3, 1)) == 1
    assert reminders.queue_reminders(date(2026, 3, 2)) == 0
    assert [m.kind for m in list_outbox(SYSTEM)] == ["request-overdue"]


def test_closed_requests_are_not_reminded(db: str) -> None:
    tenant = make_tenant("alpha")
    make_member(tenant.id, "client_admin", "admin@alpha.example")
    view = register.create_request(
        SYSTEM, tenant.id, RequestDraft("R-1", "access", ["CCPA"], "patient", date(2026, 1, 5))
    )
    register.close_request(SYSTEM, view.id, "completed", "Sent the records", date(2026, 1, 20))
    assert reminders.queue_reminders(date(2026, 2, 18)) == 0


def test_cli_prints_the_count(db: str) -> None:
    from tests.cli.runner import invoke

    result = invoke("requests", "remind", "--as-of", "2026-02-18", "--json")
    assert (result.exit_code, result.stdout.strip()) == (0, '{"queued": 0}')
