"""`members add`: one-line errors and non-zero exits on bad input, nothing half-written."""

import pytest

from services import members
from services.outbox import list_outbox
from tests.cli.runner import invoke
from tests.factories import SYSTEM, login, make_tenant


def test_adds_member_and_queues_welcome(db: str) -> None:
    tenant = make_tenant("alpha")
    result = invoke(
        "members", "add", "--tenant", "alpha", "--email", "Ann@Alpha.example", "--role", "client_admin"
    )
    assert result.exit_code == 0, result.output
    assert "ann@alpha.example" in result.output
    assert login("ann@alpha.example").tenant_ids == {tenant.id}
    assert [m.to_email for m in list_outbox(SYSTEM)] == ["ann@alpha.example"]


def test_processor_wide_role_needs_no_tenant(db: str) -> None:
    result = invoke("members", "add", "--email", "boss@smartnex.example", "--role", "executive")
    assert result.exit_code == 0, result.output
    assert login("boss@smartnex.example").sees_all_tenants


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tenant", "nope", "--email", "a@b.example", "--role", "client_admin"], "No tenant 'nope'"),
        (["--tenant", "alpha", "--email", "bad", "--role", "client_admin"], "not a valid email"),
        (["--tenant", "alpha", "--email", "a@b.example", "--role", "owner"], "Unknown role"),
        (["--email", "a@b.example", "--role", "client_admin"], "--tenant is required"),
        (["--tenant", "alpha", "--email", "a@b.example", "--role", "executive"], "processor-wide"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line(db: str, args: list[str], message: str) -> None:
    tenant = make_tenant("alpha")
    result = invoke("members", "add", *args)
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert members.list_members(SYSTEM, tenant.id) == []
    assert list_outbox(SYSTEM) == []
