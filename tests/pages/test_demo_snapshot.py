"""The restored demo is the seeded one: a test's writes are gone, and the next write fits the
audit chain and the id sequences."""

from services import audit, members
from services.seed.demo import seed_demo
from services.tenants import list_tenants, tenant_id_for_slug
from tests.factories import SYSTEM, make_tenant
from tests.pages import demo_snapshot
from tests.pages.demo_snapshot import Snapshot


def test_restoring_undoes_writes_and_keeps_the_chain_and_ids_going(
    demo_data_restored: str, demo_snapshots: dict[str, Snapshot]
) -> None:
    make_tenant("leftover")
    demo_snapshot.restore(demo_snapshots[demo_data_restored])
    assert "leftover" not in {t.slug for t in list_tenants(SYSTEM)}
    assert set(seed_demo(with_consents=False).values()) == {0}  # nothing of the demo is missing
    acme = tenant_id_for_slug(SYSTEM, "acme-manufacturing")
    members.add_member(SYSTEM, acme, "after.restore@acme-manufacturing.example", "client_viewer")
    assert make_tenant("next").id == max(t.id for t in list_tenants(SYSTEM))
    assert audit.verify_chain().intact
