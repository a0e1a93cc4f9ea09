"""What an instruction set says, validated: purposes, transfers and subprocessors."""

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from models.vocabulary import DataCategory, SubjectType

SPECIAL = {DataCategory.PHI, DataCategory.BIOMETRIC}  # GDPR Art. 9(1); BIPA; HIPAA PHI


class LegalBasis(StrEnum):
    CONSENT = "consent"
    EXPLICIT_CONSENT = "explicit-consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal-obligation"
    VITAL_INTERESTS = "vital-interests"
    PUBLIC_TASK = "public-task"
    LEGITIMATE_INTERESTS = "legitimate-interests"
    EMPLOYMENT_LAW = "employment-law"
    HEALTH_CARE = "health-care"
    HIPAA_TPO = "hipaa-treatment-payment-operations"
    WRITTEN_RELEASE = "written-release"
    LEGITIMATE_USE = "legitimate-use"


class Operation(StrEnum):
    COLLECT = "collect"
    RECORD = "record"
    STORE = "store"
    RETRIEVE = "retrieve"
    USE = "use"
    ANALYSE = "analyse"
    MATCH = "match"
    DISCLOSE = "disclose"
    ERASE = "erase"


class Safeguard(StrEnum):
    ADEQUACY = "adequacy-decision"
    SCC = "standard-contractual-clauses"
    BCR = "binding-corporate-rules"
    DPF = "data-privacy-framework"
    DEROGATION = "art-49-derogation"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class Purpose(_Strict):
    slug: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=63)
    description: str = Field(min_length=1, max_length=500)
    legal_basis: LegalBasis
    data_subjects: list[SubjectType] = Field(min_length=1)
    data_categories: list[DataCategory] = Field(min_length=1)
    special_category: bool
    operations: list[Operation] = Field(min_length=1)

    @model_validator(mode="after")
    def _special_categories_are_flagged(self) -> "Purpose":
        special = sorted(SPECIAL & set(self.data_categories))
        if special and not self.special_category:
            raise ValueError(f"{', '.join(special)} are special-category data: set special_category to true")
        return self


class Transfer(_Strict):
    country: str = Field(pattern=r"^[A-Z]{2}$")
    recipient: str = Field(min_length=1, max_length=200)
    safeguard: Safeguard


class InstructionContent(_Strict):
    purposes: list[Purpose] = Field(min_length=1)
    transfers: list[Transfer] = []
    subprocessors: list[str] = []

    @field_validator("purposes")
    @classmethod
    def _slugs_are_unique(cls, purposes: list[Purpose]) -> list[Purpose]:
        slugs = [p.slug for p in purposes]
        repeated = sorted({s for s in slugs if slugs.count(s) > 1})
        if repeated:
            raise ValueError(f"purpose slugs repeat: {', '.join(repeated)}")
        return purposes


def problems(error: ValidationError, prefix: str = "") -> list[tuple[str, str]]:
    """Pydantic's errors as (path in the document, reason)."""
    found = []
    for e in error.errors():
        path = prefix + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e["loc"])
        message = re.sub(r"^Value error, ", "", e["msg"])
        found.append((path.lstrip("."), message))
    return found


EMPTY = {"purposes": [], "transfers": [], "subprocessors": []}
