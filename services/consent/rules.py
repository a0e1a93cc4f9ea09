"""The rules a consent event must meet (regulatory-rules.md sections 2 and 3), as one
function that returns every problem with the column it concerns."""

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from services.consent import children
from services.errors import InvalidInput


class ConsentStatus(StrEnum):
    GRANTED = "granted"
    WITHDRAWN = "withdrawn"
    REFUSED = "refused"
    EXPIRED = "expired"


class Method(StrEnum):
    WRITTEN = "written"
    E_SIGNATURE = "e-signature"
    ELECTRONIC_CLICK = "electronic-click"
    VERBAL_RECORDED = "verbal-recorded"
    GUARDIAN_WRITTEN = "guardian-written"


SUBJECT_TYPES = ("employee", "patient", "visitor")
# Illinois BIPA 740 ILCS 14/15(b): a written release before collecting biometrics;
# an electronic signature counts (Public Act 103-0769).
WRITTEN_RELEASE = {Method.WRITTEN, Method.E_SIGNATURE}
SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class EventDraft:
    subject_ref: str
    subject_type: str
    purpose: str
    status: str
    captured_at: datetime  # aware
    method: str
    notice_version: str
    evidence_sha256: str | None = None
    date_of_birth: Any = None  # date | None
    guardian_ref: str | None = None
    jurisdiction: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class TenantRules:
    """What the rules need to know about the tenant."""

    purposes: dict[str, dict[str, Any]]  # the approved instructions' purposes, by slug
    laws: list[str]
    country: str
    now: datetime

    def needs_written_release(self, purpose: str) -> bool:
        categories = self.purposes.get(purpose, {}).get("data_categories", [])
        return "BIPA" in self.laws and "biometric" in categories


def _reference_problem(ref: str) -> str | None:
    """References are stored encrypted in 500 characters: at most 100 characters, 300 bytes."""
    ref = ref.strip()
    if len(ref) > 100 or len(ref.encode("utf-8", "surrogatepass")) > 300:
        return "is too long (at most 100 characters, 300 bytes in UTF-8)"
    return "must not contain NUL characters" if "\x00" in ref else None


def _text_problems(d: EventDraft) -> list[tuple[str, str]]:
    """What the columns can hold, on every database (PostgreSQL refuses NUL and overlong text)."""
    found = []
    if not d.subject_ref.strip():
        found.append(("subject_ref", "is required"))
    for column, value in (("subject_ref", d.subject_ref), ("guardian_ref", d.guardian_ref or "")):
        problem = _reference_problem(value)
        if problem:
            found.append((column, problem))
    for column, value, limit in (("notice_version", d.notice_version, 64), ("reason", d.reason or "", 1000)):
        if len(value.strip()) > limit:
            found.append((column, f"is too long (at most {limit} characters)"))
        elif "\x00" in value:
            found.append((column, "must not contain NUL characters"))
    return found


def _vocabulary(d: EventDraft) -> list[tuple[str, str]]:
    found = _text_problems(d)
    if d.subject_type not in SUBJECT_TYPES:
        found.append(
            ("subject_type", f"unknown value '{d.subject_type}' (allowed: {', '.join(SUBJECT_TYPES)})")
        )
    for column, value, vocabulary in (("status", d.status, ConsentStatus), ("method", d.method, Method)):
        if value not in {v.value for v in vocabulary}:
            found.append(
                (column, f"unknown value '{value}' (allowed: {', '.join(v.value for v in vocabulary)})")
            )
    if not d.notice_version.strip():
        found.append(("notice_version", "is required"))
    if d.evidence_sha256 and not SHA256.match(d.evidence_sha256):
        found.append(("evidence_sha256", "must be 64 lowercase hexadecimal characters"))
    return found


def _child(d: EventDraft, rules: TenantRules) -> list[tuple[str, str]]:
    code = d.jurisdiction or children.default_jurisdiction(rules.laws, rules.country)
    try:
        rule = children.rule_for(code)
    except InvalidInput as error:
        return [("jurisdiction", str(error))]
    if d.status != ConsentStatus.GRANTED or not children.is_child(
        d.date_of_birth, d.captured_at.date(), code
    ):
        return []
    found = []
    if not (d.guardian_ref or "").strip():
        found.append(
            (
                "guardian_ref",
                f"the subject was under {rule.under} ({code}, {rule.source}): a guardian is required",
            )
        )
    if d.method not in children.GUARDIAN_METHODS:
        found.append(("method", f"a child's consent ({code}) needs method guardian-written or e-signature"))
    return found


def problems(d: EventDraft, rules: TenantRules, prior_grant: datetime | None) -> list[tuple[str, str]]:
    """Every rule `d` breaks. `prior_grant`: the subject's earliest grant for the purpose, if any."""
    return static_problems(d, rules) or withdrawal_problems(d, prior_grant)


def withdrawal_problems(d: EventDraft, prior_grant: datetime | None) -> list[tuple[str, str]]:
    if d.status == ConsentStatus.WITHDRAWN and (prior_grant is None or prior_grant >= d.captured_at):
        return [("status", "a withdrawal needs an earlier grant for the same subject and purpose")]
    return []


def static_problems(d: EventDraft, rules: TenantRules) -> list[tuple[str, str]]:
    """The rules that need nothing but the row and the tenant."""
    found = _vocabulary(d)
    purpose = rules.purposes.get(d.purpose)
    if purpose is None:
        found.append(
            ("purpose", f"'{d.purpose}' is not a purpose in the tenant's approved processing instructions")
        )
    elif d.subject_type in SUBJECT_TYPES and d.subject_type not in purpose["data_subjects"]:
        found.append(("subject_type", f"the purpose '{d.purpose}' does not cover {d.subject_type}s"))
    if d.captured_at > rules.now:
        found.append(("captured_at", f"{d.captured_at.isoformat()} is in the future"))
    if found:
        return found
    found += _child(d, rules)
    if (
        d.status == ConsentStatus.GRANTED
        and rules.needs_written_release(d.purpose)
        and d.method not in WRITTEN_RELEASE
    ):
        found.append(
            (
                "method",
                "BIPA (740 ILCS 14/15(b)): a biometric purpose needs a written release "
                "(method written or e-signature)",
            )
        )
    return found
