"""Rights requests: the register with its legal deadlines per client, logging a request and
extending one; viewers read only; the portfolio shows every client's requests."""

from datetime import timedelta

import pandas as pd
from streamlit.testing.v1 import AppTest

from services.rights import register
from services.rights.drafts import local_today
from services.rights.views import RequestView
from services.tenants import tenant_id_for_slug
from tests.factories import SYSTEM, login
from tests.pages.apptest import (
    CLIENT_VIEWER,
    EXECUTIVE,
    LEGAL_NAMES,
    NORTHWIND_ADMIN,
    audit_events,
    choose_client,
    messages,
    open_page,
    page_text,
    table,
)

COLUMNS = ("external_ref", "tenant", "due_date", "deciding_law", "status")
FORM_KEYS = ["req_new_ref", "req_new_laws", "req_new_submit", "req_extend_reason", "req_extend_submit"]
NORTHWIND_TIME_ZONE = "America/Los_Angeles"


def open_requests(email: str, slug: str | None = None) -> list[RequestView]:
    """What the register service lists for `email`: one client's open requests, or all."""
    tenant_id = tenant_id_for_slug(SYSTEM, slug) if slug else None
    return register.list_requests(login(email), register.RequestFilter(tenant_id, open_only=True))


def requests_table(at: AppTest) -> pd.DataFrame:
    return table(at, *COLUMNS)


def widget_keys(at: AppTest) -> set[str]:
    widgets = (*at.text_input, *at.text_area, *at.multiselect, *at.button, *at.date_input)
    return {w.key for w in widgets if w.key}


def fill_request(at: AppTest, ref: str, laws: list[str], received_days_ago: int = 3) -> AppTest:
    at.text_input(key="req_new_ref").input(ref)
    at.selectbox(key="req_new_type").select("access")
    at.multiselect(key="req_new_laws").set_value(laws)
    at.selectbox(key="req_new_subject").select("patient")
    received = local_today(NORTHWIND_TIME_ZONE) - timedelta(days=received_days_ago)
    at.date_input(key="req_new_received").set_value(received)
    return at.button(key="req_new_submit").click().run()


def test_client_admin_sees_their_open_requests_with_due_dates_and_deciding_law(
    demo_data_restored: str,
) -> None:
    at = open_page(NORTHWIND_ADMIN, "Rights requests")
    shown = requests_table(at)
    expected = open_requests(NORTHWIND_ADMIN, "northwind-health")
    assert expected
    assert shown["external_ref"].tolist() == [v.external_ref for v in expected]  # by due date
    assert shown["due_date"].tolist() == [v.due_date for v in expected]
    assert shown["deciding_law"].tolist() == [v.deciding_law for v in expected]
    assert set(shown["tenant"]) == {"northwind-health"}
    assert {"HIPAA", "CCPA"} & set(shown["deciding_law"])
    assert {m.label: m.value for m in at.metric}["Shown"] == str(len(expected))
    assert [n for s, n in LEGAL_NAMES.items() if s != "northwind-health" and n in page_text(at)] == []


def test_turning_off_open_only_shows_closed_requests_too(demo_data_restored: str) -> None:
    at = open_page(NORTHWIND_ADMIN, "Rights requests")
    at.toggle(key="req_open_only").set_value(False).run()
    shown = requests_table(at)
    assert {"completed", "refused"} & set(shown["status"])
    assert len(shown) > len(open_requests(NORTHWIND_ADMIN, "northwind-health"))


def test_received_date_defaults_to_the_clients_local_today(demo_data_restored: str) -> None:
    at = open_page(NORTHWIND_ADMIN, "Rights requests")
    assert at.date_input(key="req_new_received").value == local_today(NORTHWIND_TIME_ZONE)


def test_viewer_sees_the_register_and_a_requests_deadlines_but_no_forms(demo_data_restored: str) -> None:
    at = open_page(CLIENT_VIEWER, "Rights requests")
    assert len(requests_table(at)) == len(open_requests(CLIENT_VIEWER, "northwind-health"))
    assert widget_keys(at) & set(FORM_KEYS) == set()
    first = at.selectbox(key="req_pick").options[0]
    at.selectbox(key="req_pick").select(first).run()
    assert not at.exception
    assert f"**{first.split(' · ')[1]}**" in page_text(at)
    assert widget_keys(at) & set(FORM_KEYS) == set()


def test_executive_in_the_portfolio_sees_every_clients_requests(demo_data_restored: str) -> None:
    at = open_page(EXECUTIVE, "Rights requests")
    shown = requests_table(at)
    assert set(shown["tenant"]) == set(LEGAL_NAMES)
    assert len(shown) == len(open_requests(EXECUTIVE))
    assert "All clients (4)" in messages(at.caption)
    assert widget_keys(at) & set(FORM_KEYS) == set()
    choose_client(at, "rhein-klinik")
    assert set(requests_table(at)["tenant"]) == {"rhein-klinik"}


def test_client_admin_logs_a_request_and_sees_it(demo_data_restored: str) -> None:
    at = fill_request(open_page(NORTHWIND_ADMIN, "Rights requests"), "NWH-TEST-0001", ["HIPAA", "CCPA"])
    assert not at.exception
    [logged] = [
        v for v in open_requests(NORTHWIND_ADMIN, "northwind-health") if v.external_ref == "NWH-TEST-0001"
    ]
    assert messages(at.success) == [
        f"Logged NWH-TEST-0001: due {logged.due_date} under {logged.deciding_law}."
    ]
    row = requests_table(at).set_index("external_ref").loc["NWH-TEST-0001"]
    assert (row["due_date"], row["deciding_law"], row["status"]) == (
        logged.due_date,
        logged.deciding_law,
        "received",
    )
    [event] = audit_events("request.create", NORTHWIND_ADMIN)
    assert event.tenant == "northwind-health"


def test_a_request_without_a_law_shows_an_error_and_writes_nothing(demo_data_restored: str) -> None:
    at = open_page(NORTHWIND_ADMIN, "Rights requests")
    before = requests_table(at)
    at = fill_request(at, "NWH-TEST-0002", laws=[])
    assert not at.exception
    [error] = messages(at.error)
    assert error.startswith("jurisdiction: unknown value (none)")
    assert not at.success
    assert requests_table(at).equals(before)
    assert "NWH-TEST-0002" not in {v.external_ref for v in open_requests(NORTHWIND_ADMIN, "northwind-health")}
    assert audit_events("request.create", NORTHWIND_ADMIN) == []


def test_client_admin_extends_a_request_and_its_due_date_moves(demo_data_restored: str) -> None:
    chosen = next(v for v in open_requests(NORTHWIND_ADMIN, "northwind-health") if v.can_extend)
    at = open_page(NORTHWIND_ADMIN, "Rights requests")
    at.selectbox(key="req_pick").select(f"northwind-health · {chosen.external_ref}").run()
    assert f"due **{chosen.due_date}**" in page_text(at)
    at.text_area(key="req_extend_reason").input("Records are spread over three hospitals.")
    at.button(key="req_extend_submit").click().run()
    assert not at.exception
    [extended] = [v for v in open_requests(NORTHWIND_ADMIN) if v.id == chosen.id]
    assert extended.due_date > chosen.due_date
    assert (extended.extended, extended.status) == (True, "extended")
    assert extended.extension_reason == "Records are spread over three hospitals."
    assert messages(at.success) == [
        f"Extended {chosen.external_ref}: now due {extended.due_date} ({extended.deciding_law})."
    ]
    assert f"due **{extended.due_date}**" in page_text(at)  # the same request stays chosen
    row = requests_table(at).set_index("external_ref").loc[chosen.external_ref]
    assert row["due_date"] == extended.due_date
    [event] = audit_events("request.extend", NORTHWIND_ADMIN)
    assert event.tenant == "northwind-health"
