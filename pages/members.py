"""Members: platform admins create tenants and grant any role; client admins manage
the client roles of their own tenant."""

from collections.abc import Sequence
from zoneinfo import available_timezones

import streamlit as st

from dashboard import context
from dashboard.ui import csv_download, flash, role_label, show_flash, shows_errors
from services import members, tenants
from services.permissions import Permission

principal = context.principal()

st.title("Members")
show_flash()


def create_tenant_form() -> None:
    with st.expander("Create a tenant", icon=":material/domain_add:"), st.form("create_tenant", border=False):
        left, right = st.columns(2)
        slug = left.text_input("Slug", placeholder="st-marys-hospital", key="tenant_slug")
        legal_name = right.text_input(
            "Legal name", placeholder="St Mary's Hospital NHS Trust", key="tenant_legal_name"
        )
        country = left.text_input("Country (ISO code)", max_chars=2, placeholder="GB", key="tenant_country")
        zones = sorted(available_timezones())
        time_zone = right.selectbox("Time zone", zones, index=zones.index("UTC"), key="tenant_time_zone")
        laws = left.multiselect("Laws that apply", tenants.LAW_CHOICES, key="tenant_laws")
        bought = right.multiselect("Services bought", tenants.SERVICE_CHOICES, key="tenant_services")
        if st.form_submit_button("Create tenant", type="primary", key="create_tenant_submit"):
            draft = tenants.TenantDraft(slug, legal_name, country, time_zone, laws, bought)
            with shows_errors():
                created = tenants.create_tenant(principal, draft)
                flash(f"Created tenant {created.legal_name} ({created.slug}).")


def scope_choice() -> int | None:
    """The sidebar's client; for platform admins, the portfolio means processor-wide staff."""
    tenant = context.active_tenant()
    if tenant is None and principal.can(Permission.MEMBERS_WRITE_ANY_ROLE):
        st.caption(
            "Smartnex staff with processor-wide roles. Choose a client in the sidebar for its members."
        )
        return None
    if tenant is None:  # e.g. an account manager who is also a client's admin
        st.info("Choose a client you administer in the sidebar to see its members.")
        st.stop()
    st.caption(f"Members of **{tenant.legal_name}**")
    return tenant.id


def add_member_form(tenant_id: int | None, roles: Sequence[str]) -> None:
    with st.form("add_member", clear_on_submit=True):
        st.subheader("Add a member")
        left, middle, right = st.columns([3, 2, 2])
        email = left.text_input("Email", placeholder="name@example.com", key="member_email")
        name = middle.text_input("Name", key="member_name")
        role = right.selectbox("Role", roles, format_func=role_label, key="member_role")
        if st.form_submit_button("Add member", type="primary", key="add_member_submit"):
            with shows_errors():
                row = members.add_member(principal, tenant_id, email, role, name or None)
                flash(f"Added {row.email} as {role_label(row.role)}; a welcome email is queued.")


def members_table(rows: list[members.MemberRow], roles: Sequence[str]) -> None:
    table = [{"email": r.email, "name": r.name, "role": role_label(r.role)} for r in rows]
    st.dataframe(table, hide_index=True, key="members_table")
    csv_download("Download CSV", table, ["email", "name", "role"], "members.csv", key="members_csv")
    # Only memberships this principal may grant (and so remove), never their own.
    removable = {r.membership_id: r for r in rows if r.email != principal.actor and r.role in roles}
    if not removable:
        return
    with st.form("remove_member"):
        chosen = st.selectbox(
            "Remove a member",
            list(removable),
            format_func=lambda i: f"{removable[i].email} ({role_label(removable[i].role)})",
            key="remove_member_choice",
        )
        if st.form_submit_button("Remove", key="remove_member_submit"):
            with shows_errors():
                members.remove_member(principal, chosen)
                flash(f"Removed {removable[chosen].email} ({role_label(removable[chosen].role)}).")


if principal.can(Permission.TENANTS_WRITE):
    create_tenant_form()
tenant_id = scope_choice()
if tenant_id is not None and not principal.can(Permission.MEMBERS_READ, tenant_id):
    st.info("You are not an administrator of this tenant. Choose one you administer in the sidebar.")
    st.stop()
with shows_errors():
    rows = members.list_members(principal, tenant_id)
    grantable = members.assignable_roles(principal, tenant_id)
    if rows:
        members_table(rows, grantable)
    else:
        st.info("No members here yet. Add the first one below.")
    add_member_form(tenant_id, grantable)
