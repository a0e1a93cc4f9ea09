"""`consents import`: load consent evidence from a spreadsheet export."""

from pathlib import Path

import typer

from dashboard.cli.imports import run_import
from services.imports.consents import import_consents
from services.principal import Principal

app = typer.Typer(name="consents", help="Consent evidence.", no_args_is_help=True)


@app.command("import")
def import_(
    file: Path = typer.Argument(
        ..., help="CSV: subject_ref,subject_type,purpose,status,captured_at,method,..."
    ),
    tenant: str = typer.Option(..., "--tenant", help="Tenant slug."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check every row and count; write nothing."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Import consent events: all rows or none. Exit 0 ok, 1 invalid rows, 2 unreadable file."""
    run_import(lambda path: import_consents(Principal.system(), tenant, path, dry_run=dry_run), file, as_json)
