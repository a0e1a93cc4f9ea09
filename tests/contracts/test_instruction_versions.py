"""Instruction versions: validation, drafts, approval with four eyes, immutability, diffs, flags."""

import copy

import pytest
from sqlmodel import select

from models import InstructionSet
from services.errors import InvalidInput, PermissionDenied
from services.instructions import diff, flags, versions
from services.outbox import list_outbox
from services.scoping import scoped_session
from services.tenants import TenantDraft, create_tenant
from tests.factories import SYSTEM, make_member

BIOMETRIC = {
    "slug": "biometric-attendance", "description": "Face clock-in", "legal_basis": "written-release",
    "data_subjects": ["employee"], "data_categories": ["biometric", "geolocation"], "special_category": True,
    "operations": ["collect", "store", "match"],
}  # fmt: skip
CONTENT = {"purposes": [BIOMETRIC], "transfers": [], "subprocessors": ["AWS"]}


@pytest.fixture
def acme(db: str) -> int:
    draft = TenantDraft("acme", "Acme Co.", "US", "America/Chicago", ["BIPA"], ["attendance", "hrms"])
    return create_tenant(SYSTEM, draft).id


def test_draft_then_approve(acme: int) -> None:
    admin = make_member(acme, "client_admin")
    draft = versions.save_draft(admin, acme, "attendance", CONTENT)
    assert (draft.version, draft.status, draft.author) == (1, "draft", admin.actor)
    approved = versions.approve(admin, draft.id)  # the only client admin may approve their own draft
    assert (approved.status, approved.approved_by) == ("approved", admin.actor)
    assert set(versions.approved_purposes(admin, acme)) == {"biometric-attendance"}


def test_four_eyes_when_two_client_admins(acme: int) -> None:
    author, other = make_member(acme, "client_admin"), make_member(acme, "client_admin")
    draft = versions.save_draft(author, acme, "attendance", CONTENT)
    with pytest.raises(InvalidInput, match="Four eyes"):
        versions.approve(author, draft.id)
    assert versions.approve(other, draft.id).approved_by == other.actor


def test_approved_version_is_immutable_and_new_draft_starts_from_it(acme: int) -> None:
    admin = make_member(acme, "client_admin")
    v1 = versions.approve(admin, versions.save_draft(admin, acme, "attendance", CONTENT).id)
    with pytest.raises(InvalidInput, match="already approved"):
        versions.approve(admin, v1.id)
    with pytest.raises(InvalidInput, match="cannot be changed"), scoped_session(SYSTEM) as session:
        row = session.exec(select(InstructionSet).where(InstructionSet.id == v1.id)).one()
        row.content = {"purposes": []}
    with pytest.raises(InvalidInput, match="cannot be changed"), scoped_session(SYSTEM) as session:
        session.delete(session.exec(select(InstructionSet).where(InstructionSet.id == v1.id)).one())
    assert versions.starting_content(admin, acme, "attendance") == v1.content
    changed = copy.deepcopy(CONTENT)
    changed["purposes"][0]["data_categories"] = ["biometric"]
    v2 = versions.save_draft(admin, acme, "attendance", changed)
    assert (v2.version, v2.based_on_version) == (2, 1)
    again = versions.save_draft(admin, acme, "attendance", CONTENT)
    assert again.id == v2.id  # one open draft per service, edited in place
    assert [
        v.content for v in versions.list_versions(admin, acme, "attendance") if v.status == "approved"
    ] == [v1.content]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"special_category": False}, "special-category"),
        ({"legal_basis": "whim"}, "legal_basis"),
        ({"slug": "Not A Slug"}, "slug"),
        ({"data_subjects": []}, "data_subjects"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_invalid_content_is_refused(acme: int, change: dict, message: str) -> None:
    admin = make_member(acme, "client_admin")
    with pytest.raises(InvalidInput, match=message):
        versions.save_draft(admin, acme, "attendance", {"purposes": [BIOMETRIC | change]})
    assert versions.list_versions(admin, acme) == []


def test_service_must_be_bought_and_roles_checked(acme: int) -> None:
    admin = make_member(acme, "client_admin")
    with pytest.raises(InvalidInput, match="does not buy"):
        versions.save_draft(admin, acme, "healthcare", CONTENT)
    for role in ("client_viewer", "account_manager"):
        with pytest.raises(PermissionDenied):
            versions.save_draft(make_member(acme, role), acme, "attendance", CONTENT)


def test_diff_names_what_changed(acme: int) -> None:
    admin = make_member(acme, "client_admin")
    v1 = versions.approve(admin, versions.save_draft(admin, acme, "attendance", CONTENT).id)
    changed = copy.deepcopy(CONTENT)
    changed["purposes"][0]["legal_basis"] = "consent"
    changed["purposes"].append(BIOMETRIC | {"slug": "visitor-badges", "data_subjects": ["visitor"]})
    changed["subprocessors"] = ["AWS", "Zendesk"]
    v2 = versions.save_draft(admin, acme, "attendance", changed)
    changes = {(c.path, c.kind): (c.before, c.after) for c in diff.diff_versions(admin, v1.id, v2.id)}
    assert changes[("purpose biometric-attendance: legal_basis", "changed")] == ("written-release", "consent")
    assert changes[("purpose visitor-badges: data_subjects", "added")] == ("", "visitor")
    assert changes[("subprocessors", "changed")] == ("AWS", "AWS, Zendesk")
    assert diff.diff_versions(admin, v1.id, v1.id) == []


def test_flag_emails_client_admins_until_resolved(acme: int) -> None:
    admin = make_member(acme, "client_admin", "admin@acme.example")
    manager = make_member(acme, "account_manager", "am@smartnex.example")
    v1 = versions.approve(admin, versions.save_draft(admin, acme, "attendance", CONTENT).id)
    with pytest.raises(PermissionDenied):
        flags.raise_flag(admin, v1.id, "client admins do not flag their own instructions")
    flag = flags.raise_flag(manager, v1.id, "Retention exceeds BIPA's 3 years")
    assert [v.open_flags for v in versions.list_versions(admin, acme)] == [1]
    emails = [m for m in list_outbox(SYSTEM) if m.kind == "instruction-flag"]
    assert [m.to_email for m in emails] == ["admin@acme.example"]
    assert "attendance" in emails[0].subject
    resolved = flags.resolve_flag(admin, flag.id, "Retention shortened to 3 years in v2")
    assert (resolved.is_open, resolved.resolved_by) == (False, admin.actor)
    assert flags.list_flags(admin, acme, open_only=True) == []
    with pytest.raises(InvalidInput, match="already resolved"):
        flags.resolve_flag(admin, flag.id, "again")
