"""`ropa export`: the processor's record of processing (GDPR Art. 30(2)) as a file."""

from pathlib import Path

import typer

from dashboard.cli.errors import fail, one_line_errors
from services.errors import InvalidInput
from services.principal import Principal
from services.ropa.export import FORMATS, export
from services.ropa.record import build_record
from services.tenants import tenant_id_for_slug

app = typer.Typer(name="ropa", help="The record of processing (GDPR Art. 30(2)).", no_args_is_help=True)


@app.command("export")
def export_record(
    fmt: str = typer.Option(..., "--format", help="One of: " + ", ".join(FORMATS)),
    out: Path = typer.Option(..., "--out", help="The file to write (replaced if it exists)."),
    tenant: str | None = typer.Option(None, "--tenant", help="One tenant's slug (omit for every tenant)."),
) -> None:
    """Write the record, built from the current approved instructions, as CSV, XLSX or PDF."""
    system = Principal.system()
    with one_line_errors():
        if fmt.lower() not in FORMATS:
            raise InvalidInput(f"Unknown format '{fmt}': choose one of {', '.join(FORMATS)}.")
        tenant_id = tenant_id_for_slug(system, tenant) if tenant else None
        content = export(build_record(system, tenant_id), fmt.lower())
    try:
        out.write_bytes(content)
    except OSError as error:
        raise fail(f"cannot write {out}: {error.strerror or error}") from None
    typer.echo(f"Wrote the record of processing to {out} ({len(content):,} bytes).")
