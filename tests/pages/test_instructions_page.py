"""Processing instructions: the open infringement flag and the draft awaiting approval;
approval with four eyes where a client has two admins; invalid YAML refused; the account
manager flags a version and the client's admins are emailed; versions compared."""

import pandas as pd
from streamlit.testing.v1 import AppTest

from services import outbox
from services.audit_log import AuditRow
from services.instructions import versions
from services.instructions.versions import InstructionView
from services.tenants import tenant_id_for_slug
from tests.factories import SYSTEM, login, make_member
from tests.pages.apptest import (
    ACCOUNT_MANAGER,
    CLIENT_ADMIN,
    PLATFORM_ADMIN,
    audit_events,
    messages,
    open_page,
    page_text,
    table,
)

SECOND_ADMIN = "second.admin@acme-manufacturing.example"
FOUR_EYES = "Four eyes: another client admin must approve the draft you wrote."


def acme_versions(service: str) -> list[InstructionView]:
    return versions.list_versions(SYSTEM, tenant_id_for_slug(SYSTEM, "acme-manufacturing"), service)


def statuses(service: str) -> list[tuple[int, str]]:
    return [(v.version, v.status) for v in acme_versions(service)]


def flag_errors(texts: list[str]) -> list[str]:
    return [t for t in texts if "flagged as possibly infringing the law" in t]


def history(at: AppTest, service: str) -> pd.DataFrame:
    """The version table on the service's tab."""
    [tab] = [t for t in at.tabs if t.label == service]
    [found] = [d.value for d in tab.dataframe if {"version", "status", "open_flags"} <= set(d.value.columns)]
    return found


def new_events(action: str, actor: str, before: list[AuditRow]) -> list[AuditRow]:
    """`action` events by `actor` recorded since `before` was read (the demo has some already)."""
    seen = {e.id for e in before}
    return [e for e in audit_events(action, actor) if e.id not in seen]


def test_client_admin_sees_the_open_flag_and_the_draft_awaiting_approval(demo_data_restored: str) -> None:
    at = open_page(CLIENT_ADMIN, "Instructions")
    assert [t.label for t in at.tabs] == ["attendance", "hrms"]
    [flag] = flag_errors(messages(at.error))
    assert flag.startswith(f"**attendance v1 flagged as possibly infringing the law** by {ACCOUNT_MANAGER}")
    assert "BIPA 740 ILCS 14/15(a)" in flag
    assert messages(at.warning) == [f"Draft version 2 by {CLIENT_ADMIN} awaits approval."]
    assert at.button(key="instr_approve_attendance").label == "Approve version 2"
    shown = history(at, "attendance")[["version", "status", "open_flags"]].values.tolist()
    assert shown == [[2, "draft", 0], [1, "approved", 1]]


def test_compare_versions_lists_the_purpose_added_in_v2(demo_data_restored: str) -> None:
    at = open_page(CLIENT_ADMIN, "Instructions")
    [compare] = [e for e in at.expander if e.label == "Compare versions"]
    assert compare.selectbox(key="instr_diff_old_attendance").value == "attendance v1 (approved)"
    assert compare.selectbox(key="instr_diff_new_attendance").value == "attendance v2 (draft)"
    changes = table(at, "what", "change", "before", "after")
    added = changes[changes["what"].str.startswith("purpose mobile-clock-in:")]
    assert set(added["change"]) == {"added"}
    assert "purpose mobile-clock-in: description" in set(added["what"])
    assert not changes["what"].str.startswith("purpose biometric-attendance").any()  # unchanged


def test_account_manager_with_acme_chosen_may_flag_but_not_edit(demo_data_restored: str) -> None:
    at = open_page(ACCOUNT_MANAGER, "Instructions", client="acme-manufacturing")
    keys = {w.key for w in (*at.text_area, *at.button, *at.selectbox)}
    assert {"instr_flag_note_hrms", "instr_flag_submit_hrms", "instr_resolve_1"} <= keys
    assert not {"instr_yaml_hrms", "instr_save_hrms", "instr_approve_attendance"} & keys
    assert "mobile-clock-in" in page_text(at)  # the draft's content, read-only


def test_processor_staff_in_the_portfolio_are_asked_to_choose_a_client(demo_data_restored: str) -> None:
    at = open_page(ACCOUNT_MANAGER, "Instructions")
    assert messages(at.info) == ["Choose a client in the sidebar to see its processing instructions."]
    assert not at.tabs


def test_sole_client_admin_approves_their_own_draft(demo_data_restored: str) -> None:
    before = audit_events("instructions.approve", CLIENT_ADMIN)
    at = open_page(CLIENT_ADMIN, "Instructions")
    at.button(key="instr_approve_attendance").click().run()
    assert not at.exception
    assert messages(at.success) == ["Approved attendance version 2."]
    assert statuses("attendance") == [(2, "approved"), (1, "approved")]
    assert not at.warning
    assert f"**Version 2**, approved by {CLIENT_ADMIN}" in page_text(at)
    assert history(at, "attendance")["status"].tolist() == ["approved", "approved"]
    [event] = new_events("instructions.approve", CLIENT_ADMIN, before)
    assert (event.tenant, event.after["version"]) == ("acme-manufacturing", 2)


def test_with_two_client_admins_the_author_may_not_approve(demo_data_restored: str) -> None:
    make_member(tenant_id_for_slug(SYSTEM, "acme-manufacturing"), "client_admin", SECOND_ADMIN)
    before = audit_events("instructions.approve")
    at = open_page(CLIENT_ADMIN, "Instructions")
    at.button(key="instr_approve_attendance").click().run()
    assert not at.exception
    assert FOUR_EYES in messages(at.error)
    assert not at.success
    assert statuses("attendance") == [(2, "draft"), (1, "approved")]
    assert audit_events("instructions.approve") == before

    at = open_page(SECOND_ADMIN, "Instructions")
    at.button(key="instr_approve_attendance").click().run()
    assert messages(at.success) == ["Approved attendance version 2."]
    assert statuses("attendance") == [(2, "approved"), (1, "approved")]


def test_invalid_yaml_shows_an_error_and_writes_nothing(demo_data_restored: str) -> None:
    before = audit_events("instructions.draft")
    at = open_page(CLIENT_ADMIN, "Instructions")
    at.text_area(key="instr_yaml_hrms").input("purposes: [payroll\nsubprocessors: []\n")
    at.button(key="instr_save_hrms").click().run()
    assert not at.exception
    [error] = [e for e in messages(at.error) if not flag_errors([e])]
    assert error.startswith("The YAML is not valid at line ")
    assert not at.success
    assert statuses("hrms") == [(1, "approved")]
    assert audit_events("instructions.draft") == before


def test_content_that_breaks_the_schema_names_the_problem_and_writes_nothing(demo_data_restored: str) -> None:
    at = open_page(CLIENT_ADMIN, "Instructions")
    at.text_area(key="instr_yaml_hrms").input("purposes:\n  - slug: payroll\n")
    at.button(key="instr_save_hrms").click().run()
    [error] = [e for e in messages(at.error) if not flag_errors([e])]
    assert "purposes[0].legal_basis: Field required" in error
    assert statuses("hrms") == [(1, "approved")]


def test_account_manager_flags_a_version_and_the_client_admins_are_emailed(demo_data_restored: str) -> None:
    make_member(tenant_id_for_slug(SYSTEM, "acme-manufacturing"), "client_admin", SECOND_ADMIN)
    before = audit_events("instructions.flag", ACCOUNT_MANAGER)  # the demo's flag on attendance
    at = open_page(ACCOUNT_MANAGER, "Instructions", client="acme-manufacturing")
    at.selectbox(key="instr_flag_version_hrms").select("hrms v1 (approved)")
    at.text_area(key="instr_flag_note_hrms").input("Zendesk receives payroll data without SCCs.")
    at.button(key="instr_flag_submit_hrms").click().run()
    assert not at.exception
    assert messages(at.success) == ["Flagged hrms v1 (approved); the client's admins have been emailed."]
    assert any(
        f.startswith(f"**hrms v1 flagged as possibly infringing the law** by {ACCOUNT_MANAGER}")
        and f.endswith("Zendesk receives payroll data without SCCs.")
        for f in flag_errors(messages(at.error))
    )
    assert [v.open_flags for v in acme_versions("hrms")] == [1]
    emails = [m for m in outbox.list_outbox(login(PLATFORM_ADMIN)) if "hrms v1" in m.subject]
    assert sorted(m.to_email for m in emails) == [CLIENT_ADMIN, SECOND_ADMIN]
    assert {(m.kind, m.status) for m in emails} == {("instruction-flag", "pending")}
    [event] = new_events("instructions.flag", ACCOUNT_MANAGER, before)
    assert event.tenant == "acme-manufacturing"
