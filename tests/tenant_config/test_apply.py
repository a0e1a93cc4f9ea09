"""`tenant apply`: the plan, one audited transaction, and nothing changed the second time."""

from pathlib import Path

import pytest
import yaml

from services import audit
from services.agreements.register import list_agreements
from services.instructions import versions
from services.principal import principal_for_email
from services.tenant_config import apply as tenant_apply
from services.tenant_config.document import InvalidDocument
from tests.factories import SYSTEM, make_member
from tests.tenant_config.builders import (
    ATTENDANCE,
    BIOMETRIC,
    apply,
    audit_actions,
    configured_tenant,
    database_state,
    export,
    make_tenant,
)


def _exported_for(slug: str) -> dict:
    """The configured tenant 'source', exported, as a file for `slug`."""
    configured_tenant("source")
    return yaml.safe_load(export("source")) | {"tenant": slug}


def _text(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False)


def test_apply_writes_every_row_audited_under_one_config_apply(db: str, tmp_path: Path) -> None:
    data = _exported_for("fresh")
    make_tenant("fresh")
    before = len(audit_actions())

    result = apply(tmp_path, _text(data))

    assert result.exit_code == 0, result.output
    assert "fresh: applied 3 change(s) in one transaction." in result.stdout
    assert audit_actions()[before:] == [
        "config.apply",
        "agreement.create",
        "agreement.signed",
        "instructions.draft",
        "instructions.approve",
        "instructions.draft",
        "instructions.approve",
    ]
    assert audit.verify_chain().intact


def test_applying_the_same_file_twice_changes_nothing_the_second_time(db: str, tmp_path: Path) -> None:
    text = _text(_exported_for("fresh"))
    make_tenant("fresh")
    assert apply(tmp_path, text).exit_code == 0
    state = database_state()

    planned = apply(tmp_path, text, "--plan")
    again = apply(tmp_path, text)

    for result in (planned, again):
        assert result.exit_code == 0, result.output
        assert "fresh: nothing to change." in result.stdout
        assert "contract DPA 2026.1: unchanged" in result.stdout
        assert "instructions hrms: unchanged" in result.stdout
    assert tenant_apply.plan_config(SYSTEM, text).changes == []
    assert database_state() == state


def test_plan_lists_the_changes_and_writes_nothing(db: str, tmp_path: Path) -> None:
    data = _exported_for("fresh")
    make_tenant("fresh")
    state = database_state()

    result = apply(tmp_path, _text(data), "--plan")

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "  contract DPA: new version 2026.1 (signed)",
        "  instructions attendance: new approved version 1 (+ purpose time-recording, "
        "+ transfer to US (Cloudhost Inc.), ~ subprocessors)",
        "  instructions hrms: new approved version 1 (+ purpose payroll)",
        "fresh: 3 change(s) planned; nothing written (--plan).",
    ]
    assert database_state() == state


def test_changed_instructions_make_a_new_approved_version(db: str, tmp_path: Path) -> None:
    data = _exported_for("source")
    data["instructions"]["attendance"]["purposes"].append(BIOMETRIC)

    result = apply(tmp_path, _text(data))

    assert result.exit_code == 0, result.output
    assert "instructions attendance: new approved version 2 (+ purpose biometric-attendance)" in result.stdout
    assert "instructions hrms: unchanged" in result.stdout
    tenant_id = list_agreements(SYSTEM, None)[0].tenant_id
    newest = versions.list_versions(SYSTEM, tenant_id, "attendance")[0]
    assert (newest.version, newest.status, newest.based_on_version) == (2, "approved", 1)
    assert newest.approved_by == "system:cli"


def test_draft_status_creates_a_draft_version(db: str, tmp_path: Path) -> None:
    data = _exported_for("source")
    attendance = data["instructions"]["attendance"]
    attendance["status"] = "draft"
    attendance["purposes"].append(BIOMETRIC)

    result = apply(tmp_path, _text(data))

    assert result.exit_code == 0, result.output
    assert "instructions attendance: new draft version 2 (+ purpose biometric-attendance)" in result.stdout
    tenant_id = list_agreements(SYSTEM, None)[0].tenant_id
    assert [(v.version, v.status) for v in versions.list_versions(SYSTEM, tenant_id, "attendance")] == [
        (2, "draft"),
        (1, "approved"),
    ]
    assert audit_actions()[-2:] == ["config.apply", "instructions.draft"]

    attendance["status"] = "approved"
    approved = apply(tmp_path, _text(data))
    assert "instructions attendance: draft version 2 approved (+ purpose biometric-attendance)" in (
        approved.stdout
    )
    assert versions.list_versions(SYSTEM, tenant_id, "attendance")[0].status == "approved"
    assert audit_actions()[-2:] == ["config.apply", "instructions.approve"]


def test_new_contract_version_with_changed_terms_is_signed_and_supersedes_the_old(
    db: str, tmp_path: Path
) -> None:
    data = _exported_for("source")
    data["contract"] |= {"version": "2026.2", "effective_on": None}
    data["contract"]["terms"]["breach_notice_hours"] = 24
    del data["contract"]["effective_on"]

    result = apply(tmp_path, _text(data))

    assert result.exit_code == 0, result.output
    assert "contract DPA: new version 2026.2 (signed, supersedes 2026.1)" in result.stdout
    rows = {a.version: a for a in list_agreements(SYSTEM, None)}
    assert (rows["2026.1"].status, rows["2026.2"].status) == ("superseded", "signed")
    assert rows["2026.2"].terms.breach_notice_hours == 24
    assert rows["2026.2"].effective_on == rows["2026.2"].signed_on
    assert audit_actions()[-4:] == [
        "config.apply",
        "agreement.create",
        "agreement.supersede",
        "agreement.signed",
    ]
    assert apply(tmp_path, _text(data), "--plan").stdout.endswith("source: nothing to change.\n")


def test_a_draft_contract_is_edited_and_later_signed(db: str, tmp_path: Path) -> None:
    data = _exported_for("source")
    data["contract"] |= {"version": "2027.1", "status": "draft"}
    assert "contract DPA: new version 2027.1 (draft)" in apply(tmp_path, _text(data)).stdout

    data["contract"]["terms"]["breach_notice_hours"] = 24
    edited = apply(tmp_path, _text(data))
    assert "contract DPA 2027.1: breach_notice_hours 36 -> 24" in edited.stdout
    assert audit_actions()[-1] == "agreement.edit"

    data["contract"]["status"] = "signed"
    signed = apply(tmp_path, _text(data))
    assert "contract DPA 2027.1: signed, supersedes 2026.1" in signed.stdout
    rows = {a.version: a.status for a in list_agreements(SYSTEM, None)}
    assert rows == {"2026.1": "superseded", "2027.1": "signed"}


def test_changing_a_signed_version_is_refused(db: str, tmp_path: Path) -> None:
    data = _exported_for("source")
    data["contract"]["terms"]["breach_notice_hours"] = 24
    data["contract"]["status"] = "draft"
    state = database_state()

    result = apply(tmp_path, _text(data))

    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "contract.terms.breach_notice_hours: contract DPA 2026.1 is signed with 36: "
        "put changed terms in a new version",
        "contract.status: contract DPA 2026.1 is already signed",
    ]
    assert database_state() == state


def test_a_failure_halfway_leaves_nothing(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _text(_exported_for("fresh"))
    make_tenant("fresh")
    state = database_state()

    def broken(*_args: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(tenant_apply, "_approve", broken)
    with pytest.raises(RuntimeError):
        tenant_apply.apply_config(SYSTEM, text)
    assert database_state() == state


def test_four_eyes_hold_for_a_client_admin_applying_a_file(db: str) -> None:
    tenant = make_tenant("acme")
    admin = make_member(tenant.id, "client_admin", "ann@acme.example")
    make_member(tenant.id, "client_admin", "bob@acme.example")
    data = {
        "version": 1,
        "tenant": "acme",
        "instructions": {"attendance": {"status": "approved", **ATTENDANCE}},
    }
    with pytest.raises(InvalidDocument) as refused:
        tenant_apply.apply_config(admin, _text(data))
    assert refused.value.problems == [
        (
            "instructions.attendance.status",
            "four eyes: another client admin must approve what you wrote; set status: draft",
        )
    ]

    data["instructions"]["attendance"]["status"] = "draft"
    tenant_apply.apply_config(admin, _text(data))
    data["instructions"]["attendance"]["status"] = "approved"
    bob = principal_for_email("bob@acme.example")
    assert bob is not None
    plan = tenant_apply.apply_config(bob, _text(data))
    assert plan.changes == [
        "instructions attendance: draft version 1 approved (+ purpose time-recording, "
        "+ transfer to US (Cloudhost Inc.), ~ subprocessors)"
    ]
