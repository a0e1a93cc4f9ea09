"""`audit verify`: exit 0 on an intact chain, exit 1 naming the first bad event."""

import json

from sqlalchemy import text

from services.scoping import unscoped_session
from tests.cli.runner import invoke
from tests.factories import make_member, make_tenant


def _seed_three_events() -> None:
    tenant = make_tenant("alpha")
    make_member(tenant.id, "client_admin")
    make_member(tenant.id, "client_viewer")


def test_intact_chain_exits_zero(db: str) -> None:
    _seed_three_events()
    result = invoke("audit", "verify")
    assert result.exit_code == 0
    assert "3 events checked" in result.output


def test_empty_chain_is_intact(db: str) -> None:
    result = invoke("audit", "verify", "--json")
    assert (result.exit_code, json.loads(result.output)["checked"]) == (0, 0)


def test_tampered_chain_exits_one_and_names_the_event(db: str) -> None:
    _seed_three_events()
    with unscoped_session("test: tamper") as session:
        session.connection().execute(text("UPDATE audit_event SET action = 'x' WHERE id = 2"))
    result = invoke("audit", "verify")
    assert result.exit_code == 1
    assert "event 2" in result.output
    report = json.loads(invoke("audit", "verify", "--json").output)
    assert (report["intact"], report["first_bad_id"]) == (False, 2)
