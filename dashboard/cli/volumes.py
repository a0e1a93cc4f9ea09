"""`volumes ingest`: the nightly feed of daily record counts."""

from pathlib import Path

import typer

from dashboard.cli.imports import run_import
from services.imports.data_volumes import ingest_volumes
from services.principal import Principal

app = typer.Typer(name="volumes", help="Data volumes.", no_args_is_help=True)


@app.command("ingest")
def ingest(
    file: Path = typer.Argument(
        ..., help="CSV or JSON lines: date,tenant,service,category,records_total,..."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Upsert daily volumes: all rows or none. Exit 0 ok, 1 invalid rows, 2 unreadable file."""
    run_import(lambda path: ingest_volumes(Principal.system("system:volumes"), path), file, as_json)
