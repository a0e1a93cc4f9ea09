"""`db upgrade` and `seed demo`: migrations match the models; seeding twice changes nothing."""

import subprocess
import sys

from dashboard import migrate
from dashboard.settings import PROJECT_ROOT, get_settings
from services.audit import verify_chain
from services.members import list_members
from services.tenants import list_tenants
from tests.cli.runner import invoke
from tests.factories import SYSTEM, login


def test_migrations_match_the_models(db: str) -> None:
    migrate.check()  # raises when autogenerate would produce a change


def test_db_upgrade_is_a_no_op_on_a_current_database(db: str) -> None:
    result = invoke("db", "upgrade")
    assert result.exit_code == 0
    assert "up to date" in result.output


def test_seed_demo_creates_the_demo_logins(db: str) -> None:
    result = invoke("seed", "demo")
    assert result.exit_code == 0, result.output
    assert {t.slug for t in list_tenants(SYSTEM)} == {
        "northwind-health",
        "acme-manufacturing",
        "rhein-klinik",
        "pune-medicare",
    }
    manager = login("am@smartnex.example")
    assert {t.slug for t in list_tenants(manager)} == {"northwind-health", "acme-manufacturing"}
    assert login("exec@smartnex.example").sees_all_tenants
    assert login("viewer@northwind-health.example").is_client_user


def test_seed_demo_is_idempotent(db: str) -> None:
    invoke("seed", "demo")
    before = verify_chain().checked
    northwind = next(t for t in list_tenants(SYSTEM) if t.slug == "northwind-health")
    members_before = list_members(SYSTEM, northwind.id)
    result = invoke("seed", "demo")
    assert "tenants 0, memberships 0" in result.output
    assert verify_chain().checked == before
    assert list_members(SYSTEM, northwind.id) == members_before


def test_module_entry_point_runs(db: str) -> None:
    env = {"DATABASE_URL": get_settings().database_url, "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "audit", "verify"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Audit chain intact" in done.stdout
