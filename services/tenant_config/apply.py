"""Plan and apply a tenant configuration file.

The whole file is validated first and every problem is reported; nothing is written then.
The changes are written in one transaction, each row audited as the agreement and
instruction services would audit it, under one `config.apply` event. What already matches
the file is left alone, so applying the same file twice changes nothing the second time."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, select

from models import Agreement, InstructionSet, Tenant
from models.vocabulary import Service
from services import audit
from services.agreements.register import AgreementDraft, add_agreement, sign_row
from services.agreements.terms import AgreementStatus, Terms
from services.instructions.diff import compare
from services.instructions.schema import EMPTY
from services.instructions.versions import (
    approve_row,
    current_approved,
    four_eyes_refuses,
    next_version,
    open_draft,
    put_draft,
    validate_content,
)
from services.permissions import Permission
from services.principal import Principal
from services.scoping import scoped_session
from services.tenant_config.document import Contract, InstructionEntry, InvalidDocument, Problem, check, read

S = AgreementStatus
SERVICES = {s.value for s in Service}


@dataclass(frozen=True)
class Plan:
    """What applying the file changes (one line each), and what it finds already as the file says."""

    tenant: str
    changes: list[str]
    unchanged: list[str]
    applied: bool = False


@dataclass(frozen=True)
class _Step:
    text: str
    permission: Permission
    write: Callable[[], Any]


@dataclass
class _Work:
    session: Session
    principal: Principal
    tenant: Tenant
    steps: list[_Step] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def record(self, action: str, row: Any, before: dict[str, Any] | None = None) -> None:
        after = audit.snapshot(row)
        audit.record(self.session, self.principal, action, row, self.tenant.id, before=before, after=after)


def plan_config(principal: Principal, text: str) -> Plan:
    """Validate the file and say what applying it would change; writes nothing."""
    return _run(principal, text, write=False)


def apply_config(principal: Principal, text: str) -> Plan:
    """Validate the whole file, then write every change in one transaction, or nothing."""
    return _run(principal, text, write=True)


def _run(principal: Principal, text: str, write: bool) -> Plan:
    data = read(text)
    with scoped_session(principal) as session:
        config, found = check(data)
        tenant, missing = _references(session, data)
        if found or missing or config is None or tenant is None:
            raise InvalidDocument(found + missing)
        work = _Work(session, principal, tenant)
        if config.contract is not None:
            _plan_contract(work, config.contract)
        for service, entry in config.instructions.items():
            _plan_instructions(work, service, entry)
        if work.problems:
            raise InvalidDocument(work.problems)
        if write and work.steps:
            _write(work, text)
        return Plan(tenant.slug, [s.text for s in work.steps], work.unchanged, write and bool(work.steps))


def _references(session: Session, data: Any) -> tuple[Tenant | None, list[Problem]]:
    """The tenant the file names, and the services it lists that the tenant does not buy."""
    slug = data.get("tenant") if isinstance(data, dict) else None
    if not isinstance(slug, str):
        return None, []  # the schema check names the problem
    tenant = session.exec(select(Tenant).where(Tenant.slug == slug)).first()
    if tenant is None:
        return None, [("tenant", f"no tenant '{slug}'")]
    listed = data.get("instructions")
    names = listed if isinstance(listed, dict) else {}
    return tenant, [
        (f"instructions.{name}", f"{slug} does not buy the {name} service")
        for name in names
        if name in SERVICES and name not in tenant.services
    ]


def _write(work: _Work, text: str) -> None:
    for step in work.steps:
        work.principal.require(step.permission, work.tenant.id)
    changes = {"changes": [s.text for s in work.steps], "sha256": hashlib.sha256(text.encode()).hexdigest()}
    config = ("TenantConfig", work.tenant.slug)
    audit.record(work.session, work.principal, "config.apply", config, work.tenant.id, after=changes)
    for step in work.steps:
        step.write()


# The contract ---------------------------------------------------------------------------


def _plan_contract(work: _Work, wanted: Contract) -> None:
    work.principal.require(Permission.AGREEMENTS_READ, work.tenant.id)
    rows = work.session.exec(
        select(Agreement).where(Agreement.tenant_id == work.tenant.id, Agreement.kind == wanted.kind)
    ).all()
    current = next((r for r in rows if r.status == S.SIGNED), None)
    same = next((r for r in rows if r.version == wanted.version), None)
    signing = wanted.status == S.SIGNED
    signed = "signed" + (f", supersedes {current.version}" if current and current is not same else "")
    label = f"contract {wanted.kind} {wanted.version}"
    write = Permission.AGREEMENTS_WRITE
    if same is None:
        text = f"contract {wanted.kind}: new version {wanted.version} ({signed if signing else 'draft'})"
        work.steps.append(_Step(text, write, lambda: _create_agreement(work, wanted)))
        return
    differences = _differences(same, wanted)
    if same.status == S.SIGNED:
        for path, _, old, _ in differences:
            work.problems.append((path, f"{label} is signed with {old}: put changed terms in a new version"))
        if not signing:
            work.problems.append(("contract.status", f"{label} is already signed"))
        if not differences and signing:
            work.unchanged.append(f"{label}: unchanged")
    elif same.status not in (S.DRAFT, S.SENT):
        work.problems.append(
            ("contract.version", f"{label} is {same.status}: give the contract a new version")
        )
    else:
        edits = [f"{name} {old} -> {new}" for _, name, old, new in differences] + (
            [signed] if signing else []
        )
        if edits:
            work.steps.append(
                _Step(f"{label}: {', '.join(edits)}", write, lambda: _edit_agreement(work, same, wanted))
            )
        else:
            work.unchanged.append(f"{label}: unchanged")


def _differences(row: Agreement, wanted: Contract) -> list[tuple[str, str, Any, Any]]:
    """(path in the file, field, stored value, value in the file) where they differ."""
    pairs = [(f"contract.terms.{k}", k, getattr(row, k), v) for k, v in wanted.terms.model_dump().items()]
    pairs += [
        (f"contract.{k}", k, getattr(row, k), getattr(wanted, k))
        for k in ("effective_on", "expires_on")
        if getattr(wanted, k) is not None
    ]
    return [p for p in pairs if p[2] != p[3]]


def _create_agreement(work: _Work, wanted: Contract) -> None:
    draft = AgreementDraft(
        wanted.kind,
        wanted.version,
        Terms(**wanted.terms.model_dump()),
        wanted.effective_on,
        wanted.expires_on,
    )
    row = add_agreement(work.session, work.principal, work.tenant.id, draft)
    if wanted.status == S.SIGNED:
        sign_row(work.session, work.principal, row, date.today())


def _edit_agreement(work: _Work, row: Agreement, wanted: Contract) -> None:
    before = audit.snapshot(row)
    for name, value in wanted.terms.model_dump().items():
        setattr(row, name, value)
    row.effective_on = wanted.effective_on or row.effective_on
    row.expires_on = wanted.expires_on or row.expires_on
    work.session.add(row)
    if audit.snapshot(row) != before:
        work.record("agreement.edit", row, before)
    if wanted.status == S.SIGNED:
        sign_row(work.session, work.principal, row, date.today())


# The instructions -----------------------------------------------------------------------


def _plan_instructions(work: _Work, service: str, entry: InstructionEntry) -> None:
    work.principal.require(Permission.INSTRUCTIONS_READ, work.tenant.id)
    content = validate_content(entry.content(), f"instructions.{service}")
    approved = current_approved(work.session, work.tenant.id, service)
    draft = open_draft(work.session, work.tenant.id, service)
    label, write = f"instructions {service}", Permission.INSTRUCTIONS_WRITE
    base = (draft or approved) if entry.status == "draft" else approved
    if base is not None and _same(base.content, content):
        work.unchanged.append(f"{label}: unchanged")
        return
    summary = _summary(base.content if base else EMPTY, content)
    if entry.status == "draft":
        text = (
            f"draft version {draft.version} replaced"
            if draft
            else f"new draft version {next_version(work.session, work.tenant.id, service)}"
        )
        work.steps.append(_Step(f"{label}: {text} ({summary})", write, lambda: _save(work, service, content)))
        return
    if draft is not None and _same(draft.content, content):
        author, text = draft.author, f"draft version {draft.version} approved"
    elif draft is not None:
        author, text = work.principal.actor, f"draft version {draft.version} replaced and approved"
    else:
        author, text = (
            work.principal.actor,
            f"new approved version {next_version(work.session, work.tenant.id, service)}",
        )
    text += f" ({summary})"
    if four_eyes_refuses(work.session, work.principal, work.tenant.id, author):
        reason = "four eyes: another client admin must approve what you wrote; set status: draft"
        work.problems.append((f"instructions.{service}.status", reason))
    work.steps.append(
        _Step(
            f"{label}: {text}",
            write,
            lambda: _approve(work, service, content),
        )
    )


def _same(old: dict[str, Any], new: dict[str, Any]) -> bool:
    return old == new or not compare(old, new)  # reordered purposes are no change


def _summary(old: dict[str, Any], new: dict[str, Any]) -> str:
    """'+ purpose x, ~ subprocessors': what was added (+), removed (-) or changed (~)."""
    kinds: dict[str, set[str]] = {}
    for change in compare(old, new):
        kinds.setdefault(change.path.split(": ")[0], set()).add(change.kind)
    ordered = sorted(kinds.items(), key=lambda item: item[0] == "subprocessors")  # the file's order
    marks = {frozenset({"added"}): "+", frozenset({"removed"}): "-"}
    return ", ".join(f"{marks.get(frozenset(k), '~')} {what}" for what, k in ordered) or "reordered"


def _approve(work: _Work, service: str, content: dict[str, Any]) -> None:
    approve_row(work.session, work.principal, _save(work, service, content))


def _save(work: _Work, service: str, content: dict[str, Any]) -> InstructionSet:
    """The open draft with this content: kept as it is when it already matches."""
    draft = open_draft(work.session, work.tenant.id, service)
    if draft is not None and _same(draft.content, content):
        return draft
    return put_draft(work.session, work.principal, work.tenant.id, service, content)
