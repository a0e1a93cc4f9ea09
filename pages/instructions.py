"""Instructions: the controller's documented processing instructions per service, versioned,
approved with four eyes where possible, compared, and flagged by the processor if unlawful."""

import streamlit as st

from dashboard import context
from dashboard.ui import flash, show_flash, shows_errors, when
from services.instructions import diff, flags, versions
from services.instructions.versions import InstructionView
from services.instructions.yaml_text import from_yaml, to_yaml
from services.permissions import Permission

principal = context.principal()
tenant = context.active_tenant()
st.title("Processing instructions")
show_flash()
if tenant is None:
    st.info("Choose a client in the sidebar to see its processing instructions.")
    st.stop()
st.caption(f"{tenant.legal_name} · what the controller instructs Smartnex to do (GDPR Art. 28(3)(a)).")
may_edit = principal.can(Permission.INSTRUCTIONS_WRITE, tenant.id)
may_flag = principal.can(Permission.INSTRUCTIONS_FLAG, tenant.id)


def show_content(content: dict) -> None:
    purposes = [
        {"purpose": p["slug"], "description": p["description"], "legal_basis": p["legal_basis"],
         "subjects": ", ".join(p["data_subjects"]), "data": ", ".join(p["data_categories"]),
         "special_category": "yes" if p["special_category"] else "no",
         "operations": ", ".join(p["operations"])}
        for p in content["purposes"]
    ]  # fmt: skip
    st.dataframe(purposes, hide_index=True)
    transfers = content.get("transfers") or []
    st.caption(
        "Transfers: "
        + (
            "; ".join(f"{t['country']} to {t['recipient']} ({t['safeguard']})" for t in transfers)
            or "none outside the client's country"
        )
    )
    st.caption("Subprocessors: " + ("; ".join(content.get("subprocessors") or []) or "none"))


def open_flags(service: str) -> None:
    for flag in flags.list_flags(principal, tenant.id, open_only=True):
        if not flag.instruction_label.startswith(f"{service} "):
            continue
        st.error(
            f"**{flag.instruction_label} flagged as possibly infringing the law** by {flag.raised_by} on "
            f"{when(flag.raised_at)}: {flag.note}",
            icon=":material/gavel:",
        )
        if may_edit or may_flag:
            with st.form(f"resolve_{flag.id}"):
                text = st.text_input("Resolution", key=f"instr_resolution_{flag.id}")
                if st.form_submit_button("Resolve flag", key=f"instr_resolve_{flag.id}"):
                    with shows_errors():
                        flags.resolve_flag(principal, flag.id, text)
                        flash("Flag resolved.")


def editor(service: str, draft: InstructionView | None) -> None:
    start = versions.starting_content(principal, tenant.id, service)
    with st.form(f"draft_{service}"):
        st.subheader("Draft" if draft else "Start a new draft")
        text = st.text_area("Instructions (YAML)", to_yaml(start), height=360, key=f"instr_yaml_{service}")
        if st.form_submit_button("Save draft", key=f"instr_save_{service}"):
            with shows_errors():
                saved = versions.save_draft(principal, tenant.id, service, from_yaml(text))
                flash(f"Saved draft version {saved.version} of {service}.")
    if draft and st.button(
        f"Approve version {draft.version}", type="primary", key=f"instr_approve_{service}"
    ):
        with shows_errors():
            versions.approve(principal, draft.id)
            flash(f"Approved {service} version {draft.version}.")


def compare(service: str, history: list[InstructionView]) -> None:
    if len(history) < 2:
        return
    with st.expander("Compare versions", icon=":material/difference:"):
        labels = {v.label: v for v in history}
        left, right = st.columns(2)
        old = left.selectbox("From", list(labels), index=1, key=f"instr_diff_old_{service}")
        new = right.selectbox("To", list(labels), index=0, key=f"instr_diff_new_{service}")
        with shows_errors():
            changes = diff.diff_versions(principal, labels[old].id, labels[new].id)
            rows = [{"what": c.path, "change": c.kind, "before": c.before, "after": c.after} for c in changes]
            if rows:
                st.dataframe(rows, hide_index=True)
            else:
                st.caption("No differences.")


def flag_form(service: str, history: list[InstructionView]) -> None:
    with (
        st.expander("Flag a version as possibly infringing the law", icon=":material/flag:"),
        st.form(f"flag_{service}"),
    ):
        labels = {v.label: v for v in history}
        chosen = st.selectbox("Version", list(labels), key=f"instr_flag_version_{service}")
        note = st.text_area("Why (the client admins are emailed this note)", key=f"instr_flag_note_{service}")
        if st.form_submit_button("Flag", key=f"instr_flag_submit_{service}"):
            with shows_errors():
                flags.raise_flag(principal, labels[chosen].id, note)
                flash(f"Flagged {chosen}; the client's admins have been emailed.")


for service, tab in zip(tenant.services, st.tabs(tenant.services), strict=True):
    with tab, shows_errors():
        history = versions.list_versions(principal, tenant.id, service)
        open_flags(service)
        approved = next((v for v in history if v.status == "approved"), None)
        draft = next((v for v in history if v.status == "draft"), None)
        if approved:
            st.markdown(
                f"**Version {approved.version}**, approved by {approved.approved_by} on "
                f"{when(approved.approved_at)}"
            )
            show_content(approved.content)
        else:
            st.info(f"No approved instructions for {service} yet.")
        if draft:
            st.warning(
                f"Draft version {draft.version} by {draft.author} awaits approval.", icon=":material/pending:"
            )
        if may_edit:
            editor(service, draft)
        elif draft:
            show_content(draft.content)
        compare(service, history)
        if may_flag and history:
            flag_form(service, history)
        st.dataframe(
            [{"version": v.version, "status": v.status, "author": v.author,
              "approved_by": v.approved_by or "", "approved_at": when(v.approved_at),
              "open_flags": v.open_flags} for v in history],
            hide_index=True,
        )  # fmt: skip
