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
    section: str


P = Permission
PAGES = [
    PageSpec("../pages/home.py", "Home", ":material/home:", P.TENANT_READ, "home", "Overview"),
    PageSpec("../pages/compliance_metrics.py", "Compliance metrics", ":material/monitoring:", P.METRICS_READ,
             "metrics", "Overview"),
    PageSpec("../pages/dpa_status.py", "DPA status", ":material/fact_check:", P.DPA_STATUS_READ,
             "dpa-status", "Overview"),
    PageSpec("../pages/agreements.py", "Agreements", ":material/contract:", P.AGREEMENTS_READ,
             "agreements", "Contract"),
    PageSpec("../pages/instructions.py", "Instructions", ":material/rule:", P.INSTRUCTIONS_READ,
             "instructions", "Contract"),
    PageSpec("../pages/record_of_processing.py", "Record of processing", ":material/menu_book:", P.ROPA_READ,
             "record-of-processing", "Contract"),
    PageSpec("../pages/consent.py", "Consent", ":material/how_to_reg:", P.CONSENT_READ, "consent",
             "Data subjects"),
    PageSpec("../pages/rights_requests.py", "Rights requests", ":material/assignment_ind:", P.REQUESTS_READ,
             "rights-requests", "Data subjects"),
    PageSpec("../pages/members.py", "Members", ":material/group:", P.MEMBERS_READ, "members",
             "Administration"),
    PageSpec("../pages/audit_log.py", "Audit log", ":material/history:", P.AUDIT_READ, "audit-log",
             "Administration"),
    PageSpec("../pages/outbox.py", "Outbox", ":material/outgoing_mail:", P.OUTBOX_READ, "outbox",
             "Administration"),
]  # fmt: skip


def pages_for(principal: Principal) -> dict[str, list[st.Page]]:
    """The principal's pages by section. Convenience only: every service checks again."""
    sections: dict[str, list[st.Page]] = {}
    for spec in (p for p in PAGES if principal.can_anywhere(p.permission)):
        page = st.Page(
            spec.script, title=spec.title, icon=spec.icon, url_path=spec.url_path, default=not sections
        )
        sections.setdefault(spec.section, []).append(page)
    return sections
