"""An invalid file exits 1, lists every problem with its path, and changes nothing."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli.runner import invoke
from tests.tenant_config.builders import (
    BIOMETRIC,
    apply,
    configured_tenant,
    database_state,
    export,
)

Edit = Callable[[dict[str, Any]], None]


def _purpose(data: dict[str, Any], index: int = 0) -> dict[str, Any]:
    return data["instructions"]["attendance"]["purposes"][index]


def _unflagged(data: dict[str, Any]) -> None:
    data["instructions"]["attendance"]["purposes"].append(BIOMETRIC | {"special_category": False})


CASES: list[tuple[str, Edit, list[str]]] = [
    (
        "unknown keys",
        lambda d: (
            d.update(retention={"days": 30}),
            d["contract"]["terms"].update(penalty="high"),
            _purpose(d).update(colour="blue"),
        ),
        [
            "contract.terms.penalty: Extra inputs are not permitted",
            "instructions.attendance.purposes[0].colour: Extra inputs are not permitted",
            "retention: Extra inputs are not permitted",
        ],
    ),
    (
        "bad enum values",
        lambda d: (
            d["contract"].update(status="final"),
            d["contract"]["terms"].update(subprocessor_authorisation="sometimes"),
            _purpose(d).update(legal_basis="because"),
            d["instructions"]["hrms"].update(status="live"),
        ),
        [
            "contract.status: Input should be 'signed' or 'draft'",
            "contract.terms.subprocessor_authorisation: Input should be 'specific' or 'general'",
            "instructions.attendance.purposes[0].legal_basis: Input should be 'consent', ",
            "instructions.hrms.status: Input should be 'approved' or 'draft'",
        ],
    ),
    (
        "special category not flagged",
        _unflagged,
        [
            "instructions.attendance.purposes[1]: biometric are special-category data: "
            "set special_category to true"
        ],
    ),
    (
        "wrong types and limits",
        lambda d: (
            d["contract"].update(version=2026.2),
            d["contract"]["terms"].update(breach_notice_hours=0, request_target_days="soon"),
        ),
        [
            'contract.version: YAML reads 2026.2 as a number: put the version in quotes, as in "2026.1"',
            "contract.terms.breach_notice_hours: breach_notice_hours must be 1-1440",
            "contract.terms.request_target_days: Input should be a valid integer",
        ],
    ),
    (
        "unknown service and a service not bought",
        lambda d: d["instructions"].update(
            payroll=d["instructions"]["hrms"], healthcare=d["instructions"]["hrms"]
        ),
        [
            "instructions.payroll: Unknown service 'payroll' (allowed: healthcare, attendance, hrms).",
            "instructions.healthcare: acme does not buy the healthcare service",
        ],
    ),
    ("unknown tenant", lambda d: d.update(tenant="nobody"), ["tenant: no tenant 'nobody'"]),
    ("unknown format version", lambda d: d.update(version=2), ["version: Input should be 1"]),
]


@pytest.mark.parametrize(("edit", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_schema_errors_are_all_listed_and_change_nothing(
    db: str, tmp_path: Path, edit: Edit, expected: list[str]
) -> None:
    configured_tenant("acme")
    data = yaml.safe_load(export("acme"))
    edit(data)
    state = database_state()

    for options in ((), ("--plan",)):
        result = apply(tmp_path, yaml.safe_dump(data, sort_keys=False), *options)

        assert result.exit_code == 1
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == len(expected) + 1
        for line, wanted in zip(lines, expected, strict=False):
            assert line.startswith(wanted), (line, wanted)
        assert lines[-1].startswith(f"error: {len(expected)} problem(s) in ")
        assert lines[-1].endswith("nothing changed.")
    assert database_state() == state


def test_every_error_in_one_file_is_listed_at_once(db: str, tmp_path: Path) -> None:
    configured_tenant("acme")
    data = yaml.safe_load(export("acme"))
    for _, edit, _ in CASES[:5]:
        edit(data)
    state = database_state()

    result = apply(tmp_path, yaml.safe_dump(data, sort_keys=False))

    assert result.exit_code == 1
    listed = result.stderr.splitlines()[:-1]
    assert {line.split(": ")[0] for line in listed} == {
        "retention",
        "contract.version",
        "contract.status",
        "contract.terms.penalty",
        "contract.terms.subprocessor_authorisation",
        "contract.terms.breach_notice_hours",
        "contract.terms.request_target_days",
        "instructions.attendance.purposes[0].colour",
        "instructions.attendance.purposes[0].legal_basis",
        "instructions.attendance.purposes[1]",
        "instructions.hrms.status",
        "instructions.payroll",
        "instructions.payroll.status",  # a copy of hrms, with its bad status
        "instructions.healthcare",
        "instructions.healthcare.status",
    }
    assert database_state() == state


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("version: 1\ntenant: acme\ninstructions: [attendance\n", "line 4, column 1: while parsing a flow"),
        ("version: 1\ntenant: acme\n  contract: {}\n", "line 3, column 11: mapping values are not allowed"),
        ("version: 1\ntenant: acme\ntenant: other\n", "line 3: 'tenant' is given twice"),
        ("", "(file): the file is empty"),
        ("- acme\n", "(file): Input should be a valid dictionary"),
    ],
    ids=["unclosed-list", "bad-indent", "repeated-key", "empty", "not-a-mapping"],
)
def test_invalid_yaml_is_refused_with_its_line_and_changes_nothing(
    db: str, tmp_path: Path, text: str, expected: str
) -> None:
    configured_tenant("acme")
    state = database_state()

    result = apply(tmp_path, text)

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(expected), result.stderr
    assert database_state() == state


def test_a_missing_file_exits_1_with_one_line(db: str, tmp_path: Path) -> None:
    result = invoke("tenant", "apply", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert result.stderr == f"error: cannot read {tmp_path / 'nope.yaml'}: No such file or directory\n"
