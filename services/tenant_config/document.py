"""The tenant configuration file (format version 1): its schema, reading and writing YAML.

Later settings (retention, subprocessor decisions) join as new optional top-level keys."""

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from models.vocabulary import Service
from services import validation
from services.agreements.terms import DEFAULT_TERMS, Authorisation, EndOfContract, clean_terms
from services.errors import InvalidInput
from services.instructions.schema import InstructionContent, problems

FORMAT_VERSION = 1
WHOLE_FILE = "(file)"
HEADER = "# DPA Desk tenant configuration: check with `python -m dashboard tenant apply FILE --plan`.\n"
Problem = tuple[str, str]  # (path in the file, reason)


class InvalidDocument(InvalidInput):
    """The file cannot be applied: `problems` lists every (path, reason)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{path}: {reason}" for path, reason in problems))
        self.problems = problems


def _rule(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A service rule (raising InvalidInput) as a pydantic validator (raising ValueError)."""

    def run(value: Any) -> Any:
        try:
            return check(value)
        except InvalidInput as error:
            raise ValueError(str(error)) from None

    return run


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class ContractTerms(_Strict):
    """The fields of `Terms`, in its order; their limits are `clean_terms`'s."""

    governing_law: str = Field(max_length=100)
    subprocessor_authorisation: Authorisation
    subprocessor_notice_days: int
    breach_notice_hours: int
    request_target_days: int
    audit_rights: str = Field(max_length=500)
    end_of_contract: EndOfContract

    @field_validator("*")
    @classmethod
    def _within_limits(cls, value: Any, info: ValidationInfo) -> Any:
        """Check this term alone, the others at their (valid) defaults, so the error has its path."""
        _rule(clean_terms)(replace(DEFAULT_TERMS, **{info.field_name: value}))
        return value


def _quoted(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f'YAML reads {value} as a number: put the version in quotes, as in "2026.1"')
    return value


class Contract(_Strict):
    kind: Literal["DPA"]  # the other kinds (BAA, SCC modules) stay in the agreement register
    version: Annotated[
        str, BeforeValidator(_quoted), AfterValidator(_rule(lambda v: validation.text(v, "version", 16)))
    ]
    effective_on: date | None = None  # left out: keeps the current value (signing sets it)
    expires_on: date | None = None
    status: Literal["signed", "draft"]
    terms: ContractTerms

    @model_validator(mode="after")
    def _expires_after_effective(self) -> "Contract":
        if self.effective_on and self.expires_on and self.expires_on <= self.effective_on:
            raise ValueError("expires_on must be after effective_on")
        return self


class InstructionEntry(InstructionContent):
    """One service's instruction set, and whether applying stores it approved or as a draft."""

    status: Literal["approved", "draft"]

    def content(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"status"})


ServiceName = Annotated[str, AfterValidator(_rule(lambda v: validation.choice(v, Service, "service").value))]


class TenantConfig(_Strict):
    version: Literal[1]  # the file format, for later extensions
    tenant: str = Field(min_length=1, max_length=63)
    contract: Contract | None = None
    instructions: dict[ServiceName, InstructionEntry] = {}


class _Loader(yaml.SafeLoader):
    """Safe loading that also notes keys given twice in one mapping (PyYAML keeps the last)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.repeated: list[Problem] = []


def _mapping(loader: _Loader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            if key in seen:
                loader.repeated.append((f"line {key_node.start_mark.line + 1}", f"'{key}' is given twice"))
            seen.add(key)
        except TypeError:  # an unhashable key: construct_mapping names it
            pass
    return loader.construct_mapping(node, deep=True)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read(text: str) -> Any:
    """The file's data, or InvalidDocument naming the line of a syntax error or repeated key."""
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else WHOLE_FILE
        raise InvalidDocument([(where, ", ".join(filter(None, [error.context, error.problem])))]) from None
    except yaml.YAMLError as error:
        raise InvalidDocument([(WHOLE_FILE, str(error))]) from None
    finally:
        loader.dispose()
    if loader.repeated:
        raise InvalidDocument(loader.repeated)
    if data is None:
        raise InvalidDocument([(WHOLE_FILE, "the file is empty")])
    return data


def check(data: Any) -> tuple[TenantConfig | None, list[Problem]]:
    """The validated document, or None and every schema problem with its path."""
    try:
        return TenantConfig.model_validate(data), []
    except ValidationError as error:
        found = problems(error)
    # A dict key's error names the key ("[key]"); pydantic's class names mean nothing in a file.
    return None, [
        (path.replace(".[key]", "") or WHOLE_FILE, re.sub(r" or instance of \w+$", "", reason))
        for path, reason in found
    ]


def dump(config: TenantConfig) -> str:
    """YAML in the schema's key order, each instruction set's status first."""
    data = config.model_dump(exclude_none=True)
    data["instructions"] = {
        name: {"status": entry.pop("status"), **entry} for name, entry in data["instructions"].items()
    }
    if not data["instructions"]:
        del data["instructions"]
    return HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
