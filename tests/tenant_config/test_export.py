"""`tenant export`: the current DPA and instructions as YAML, and the export/apply round trip."""

from pathlib import Path

import yaml

from services.agreements.terms import Terms
from services.instructions import versions
from services.tenant_config.document import ContractTerms
from tests.cli.runner import invoke
from tests.factories import SYSTEM
from tests.tenant_config.builders import (
    ATTENDANCE,
    apply,
    configured_tenant,
    export,
    make_tenant,
)


def test_export_apply_export_round_trip(db: str, tmp_path: Path) -> None:
    configured_tenant("source")
    exported = export("source")
    make_tenant("fresh")
    text = exported.replace("tenant: source\n", "tenant: fresh\n")
    assert text != exported

    result = apply(tmp_path, text)

    assert result.exit_code == 0, result.output
    assert export("fresh") == text


def test_export_writes_the_documented_shape(db: str) -> None:
    configured_tenant("acme")
    data = yaml.safe_load(export("acme"))
    assert list(data) == ["version", "tenant", "contract", "instructions"]
    assert (data["version"], data["tenant"]) == (1, "acme")
    contract = data["contract"]
    assert list(contract) == ["kind", "version", "effective_on", "expires_on", "status", "terms"]
    assert (contract["version"], contract["status"], contract["terms"]["breach_notice_hours"]) == (
        "2026.1",
        "signed",
        36,
    )
    assert list(data["instructions"]) == ["attendance", "hrms"]
    attendance = data["instructions"]["attendance"]
    assert list(attendance) == ["status", "purposes", "transfers", "subprocessors"]
    assert attendance == {"status": "approved", **ATTENDANCE}


def test_export_shows_the_open_draft_where_nothing_is_approved(db: str) -> None:
    tenant = make_tenant("acme")
    versions.save_draft(SYSTEM, tenant.id, "attendance", ATTENDANCE)
    data = yaml.safe_load(export("acme"))
    assert "contract" not in data
    assert data["instructions"] == {"attendance": {"status": "draft", **ATTENDANCE}}


def test_export_of_a_bare_tenant_names_only_the_tenant(db: str) -> None:
    make_tenant("acme")
    assert yaml.safe_load(export("acme")) == {"version": 1, "tenant": "acme"}


def test_export_of_an_unknown_tenant_exits_1_with_one_line(db: str) -> None:
    result = invoke("tenant", "export", "nobody")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == "error: No tenant 'nobody'."


def test_the_file_has_every_contract_term_in_order() -> None:
    """A term added to `Terms` must be added to the file format too."""
    assert list(ContractTerms.model_fields) == Terms.names()
