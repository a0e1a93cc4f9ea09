"""Drive the real entry script with Streamlit's AppTest: login, navigation and pages."""

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
from google.protobuf import text_format
from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Dataframe

from dashboard import navigation
from dashboard.context import ACTIVE_TENANT_KEY
from models.vocabulary import Role
from services import audit_log
from services.audit_log import AuditRow
from services.permissions import ROLE_PERMISSIONS
from services.seed.people import TENANTS
from tests.factories import login

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
# A stand-in `[auth]` section: the login screen offers the button only when one exists. Always
# setting secrets also keeps a developer's own `.streamlit/secrets.toml` out of the tests.
AUTH_SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-cookie-secret",
        "client_id": "dpa-desk-test",
        "client_secret": "test-client-secret",
        "server_metadata_url": "http://localhost:9400/.well-known/openid-configuration",
    }
}
NO_AUTH_SECRETS = {"app": {"note": "no [auth] section"}}

# One demo login per role (services/seed/people.py), and the tenant it works for.
CLIENT_ADMIN = "admin@acme-manufacturing.example"
NORTHWIND_ADMIN = "admin@northwind-health.example"
CLIENT_VIEWER = "viewer@northwind-health.example"
ACCOUNT_MANAGER = "am@smartnex.example"
EXECUTIVE = "exec@smartnex.example"
PLATFORM_ADMIN = "platform@smartnex.example"
ROLE_LOGINS = {
    "client_admin": CLIENT_ADMIN,
    "client_viewer": CLIENT_VIEWER,
    "account_manager": ACCOUNT_MANAGER,
    "executive": EXECUTIVE,
    "platform_admin": PLATFORM_ADMIN,
}
PROCESSOR_ROLES = ["account_manager", "executive", "platform_admin"]
LEGAL_NAMES = {t.slug: t.legal_name for t in TENANTS}

# Page title -> the file the entry script registers it from, relative to dashboard/app.py.
PAGE_FILES = {p.title: p.script for p in navigation.PAGES}


def titles_for_role(role: str) -> set[str]:
    """The page titles the permission table grants `role` (each demo login holds one role)."""
    granted = ROLE_PERMISSIONS[Role(role)]
    return {p.title for p in navigation.PAGES if p.permission in granted}


@cache
def _installed_components() -> BidiComponentManager:
    manager = BidiComponentManager()
    manager.discover_and_register_components(start_file_watching=False)
    return manager


def open_app(email: str | None, *, secrets: dict[str, Any] | None = None) -> AppTest:
    """A fresh session of the app, run once; `email=None` means not logged in."""
    at = AppTest.from_file(APP, default_timeout=30)
    # Each new AppTest scans every installed package for components (about 0.2 s here, most of
    # a page test). The app uses none; share one scan. Should Streamlit rename this attribute,
    # every AppTest scans again: slower, same results.
    at._bidi_component_manager = _installed_components()
    at.secrets = secrets or AUTH_SECRETS
    # `is_logged_in` must be present, or `st.user.is_logged_in` raises without an [auth] file.
    at.user = {"is_logged_in": True, "email": email} if email else {"is_logged_in": False}
    return at.run()


def choose_client(at: AppTest, slug: str) -> AppTest:
    """Choose the client `slug` (or `context.PORTFOLIO`) in the sidebar switcher and rerun."""
    at.selectbox(key=ACTIVE_TENANT_KEY).select(slug).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page(email: str, title: str, client: str | None = None) -> AppTest:
    """Log in as `email`, choose `client` in the sidebar if given, and switch to the page
    called `title`; fails on any exception."""
    at = open_app(email)
    if client is not None:
        choose_client(at, client)
    at.switch_page(PAGE_FILES[title]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def offered_titles(at: AppTest) -> set[str]:
    """The page titles `st.navigation` offered on the last run.

    AppTest has no public accessor for the navigation; the hidden-page tests check the same
    thing through the public `switch_page`.
    """
    return {
        info["page_name"] for info in at._registered_pages.values() if info.get("url_pathname") is not None
    }


def table(at: AppTest, *columns: str) -> pd.DataFrame:
    """The one dataframe on the page that has `columns` (display tables carry no key)."""
    found = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    assert len(found) == 1, f"{len(found)} tables with columns {columns}"
    return found[0]


def _texts(node: Any) -> Iterator[str]:
    if isinstance(node, Dataframe):
        yield node.value.to_csv(index=False)
        return
    proto = getattr(node, "proto", None)
    if proto is not None:
        yield text_format.MessageToString(proto, as_utf8=True)
    if isinstance(node, Block):
        for child in node.children.values():
            yield from _texts(child)


def page_text(at: AppTest) -> str:
    """Everything the last run sent to the browser as text: main area and sidebar, widget
    labels and options, table cells."""
    return "\n".join([*_texts(at.main), *_texts(at.sidebar)])


def main_text(at: AppTest) -> str:
    """Like `page_text`, for the main area only (the sidebar lists every client's name)."""
    return "\n".join(_texts(at.main))


def messages(elements: Any) -> list[str]:
    return [e.value for e in elements]


def audit_events(action: str, actor: str | None = None) -> list[AuditRow]:
    """Events with `action` (by exactly `actor`, if given), read through the service as the
    platform admin."""
    platform = login(PLATFORM_ADMIN)
    rows, _ = audit_log.search_events(platform, audit_log.AuditFilter(action=action, actor=actor))
    return [r for r in rows if actor is None or r.actor == actor]
