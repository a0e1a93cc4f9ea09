"""The page list: each page names the permission it needs; a role sees only its pages."""

from dataclasses import dataclass

import streamlit as st

from services.permissions import Permission
from services.principal import Principal


@dataclass(frozen=True)
class PageSpec:
    script: str
    title: str
    icon: str
    permission: Permission
    url_path: str


PAGES = [
    PageSpec("../pages/home.py", "Home", ":material/home:", Permission.TENANT_READ, "home"),
    PageSpec("../pages/members.py", "Members", ":material/group:", Permission.MEMBERS_READ, "members"),
    PageSpec("../pages/audit_log.py", "Audit log", ":material/history:", Permission.AUDIT_READ, "audit-log"),
    PageSpec("../pages/outbox.py", "Outbox", ":material/outgoing_mail:", Permission.OUTBOX_READ, "outbox"),
]


def pages_for(principal: Principal) -> list[st.Page]:
    """Convenience only: every service checks the permission again."""
    return [
        st.Page(p.script, title=p.title, icon=p.icon, url_path=p.url_path, default=i == 0)
        for i, p in enumerate(x for x in PAGES if principal.can_anywhere(x.permission))
    ]
