"""Record of processing (GDPR Art. 30(2)): the processor's record, built from live data."""

from functools import partial

import streamlit as st

from dashboard import context
from dashboard.ui import shows_errors, when
from services.ropa import export as ropa
from services.ropa.record import Controller, Record, build_record, describe_dpa

principal = context.principal()
tenant = context.active_tenant()
Rows = list[dict[str, object]]
PURPOSE_COLUMNS = ["service", "instructions_version", "purpose", "description", "legal_basis",
                   "data_subjects", "data_categories", "special_category", "operations"]  # fmt: skip
TRANSFER_COLUMNS = ["service", "instructions_version", "country", "recipient", "safeguard"]
SUBPROCESSOR_COLUMNS = ["service", "instructions_version", "subprocessor"]
DOWNLOADS = [("csv", "CSV"), ("xlsx", "Excel"), ("pdf", "PDF")]

st.title("Record of processing")
st.caption(
    "The processor's record under GDPR Art. 30(2), built from each client's current approved "
    f"instructions. Scope: {context.scope_label()}."
)


def downloads(record: Record) -> None:
    for column, (fmt, label) in zip(st.columns(len(DOWNLOADS)), DOWNLOADS, strict=True):
        column.download_button(
            f"Download {label}",
            data=partial(ropa.export, record, fmt),
            file_name=ropa.file_name(record, fmt),
            mime=ropa.MEDIA_TYPES[fmt],
            icon=":material/download:",
            on_click="ignore",
            key=f"ropa_{fmt}",
        )


def processor_block(record: Record) -> None:
    p = record.processor
    st.subheader("Processor")
    left, right = st.columns(2)
    left.markdown(f"**{p.name}**  \n{p.address}")
    right.markdown(f"Contact: {p.contact_email}  \nData protection officer: {p.dpo_email}")


def table(title: str, rows: Rows, columns: list[str]) -> None:
    st.markdown(f"**{title}**" + ("" if rows else ": none in the current approved instructions"))
    if rows:
        st.dataframe(rows, hide_index=True, column_order=columns)


def controller_section(c: Controller, tables: dict[str, Rows], expanded: bool) -> None:
    def mine(name: str) -> Rows:
        return [r for r in tables[name] if r["controller_slug"] == c.slug]

    missing = sum(not s.approved for s in c.services)
    label = f"{c.legal_name} · {c.purpose_count} purposes"
    with st.expander(label + (f" · {missing} without instructions" if missing else ""), expanded=expanded):
        st.markdown(f"`{c.slug}` · {c.country} · laws: {', '.join(c.laws) or 'none recorded'}")
        st.caption(f"Contacts (client admins): {', '.join(c.contacts) or 'none recorded'}")
        st.caption(describe_dpa(c.dpa))
        st.dataframe(mine("processing"), hide_index=True, column_order=PURPOSE_COLUMNS)
        table("Transfers to third countries", mine("transfers"), TRANSFER_COLUMNS)
        table("Subprocessors", mine("subprocessors"), SUBPROCESSOR_COLUMNS)


def security_measures(record: Record) -> None:
    with st.expander("Technical and organisational security measures", icon=":material/shield:"):
        st.markdown("\n".join(f"- **{title}.** {text}" for title, text in record.security_measures))


with shows_errors():
    record = build_record(principal, tenant.id if tenant else None)
    st.caption(f"Generated {when(record.generated_at)} for {record.generated_by}.")
    downloads(record)
    processor_block(record)
    cols = st.columns(3)
    cols[0].metric("Controllers", len(record.controllers))
    cols[1].metric("Purposes", sum(c.purpose_count for c in record.controllers))
    cols[2].metric(
        "Services without approved instructions",
        sum(not s.approved for c in record.controllers for s in c.services),
    )
    st.subheader("Controllers")
    if not record.controllers:
        st.info("No clients to show.")
    tables = {
        "processing": ropa.processing_rows(record),
        "transfers": ropa.transfer_rows(record),
        "subprocessors": ropa.subprocessor_rows(record),
    }
    for controller in record.controllers:
        controller_section(controller, tables, expanded=len(record.controllers) == 1)
    security_measures(record)
