"""Contract terms the rest of the product reads, with their vocabularies and defaults."""

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from services.errors import InvalidInput


class AgreementKind(StrEnum):
    DPA = "DPA"
    BAA = "BAA"
    SCC_MODULE_2 = "SCC-M2"  # controller to processor
    SCC_MODULE_3 = "SCC-M3"  # processor to processor


class AgreementStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    SIGNED = "signed"
    SUPERSEDED = "superseded"
    EXPIRED = "expired"
    TERMINATED = "terminated"


class Authorisation(StrEnum):
    SPECIFIC = "specific"
    GENERAL = "general"


class EndOfContract(StrEnum):
    DELETE = "delete"
    RETURN = "return"


@dataclass(frozen=True)
class Terms:
    governing_law: str = "Laws of the controller's country"
    subprocessor_authorisation: str = Authorisation.GENERAL
    subprocessor_notice_days: int = 30
    breach_notice_hours: int = 48
    request_target_days: int = 5  # the processor's target, days before a request's legal due date
    audit_rights: str = "One audit a year on 30 days' notice, or a current ISO 27001 / SOC 2 report"
    end_of_contract: str = EndOfContract.DELETE

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


DEFAULT_TERMS = Terms()


def clean_terms(terms: Terms) -> Terms:
    """Terms within sensible limits, or InvalidInput naming the field."""
    problems = []
    if terms.subprocessor_authorisation not in {a.value for a in Authorisation}:
        problems.append("subprocessor_authorisation must be specific or general")
    if terms.end_of_contract not in {e.value for e in EndOfContract}:
        problems.append("end_of_contract must be delete or return")
    if not 0 <= terms.subprocessor_notice_days <= 365:
        problems.append("subprocessor_notice_days must be 0-365 (real DPAs use 10 days to 6 months)")
    if not 1 <= terms.breach_notice_hours <= 1440:
        problems.append("breach_notice_hours must be 1-1440 (HIPAA allows at most 60 days)")
    if not 0 <= terms.request_target_days <= 30:
        problems.append("request_target_days must be 0-30")
    if not terms.governing_law.strip():
        problems.append("governing_law is required")
    if problems:
        raise InvalidInput("; ".join(problems))
    return terms


def terms_of(row: Any) -> Terms:
    return Terms(**{name: getattr(row, name) for name in Terms.names()})
