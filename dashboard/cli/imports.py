"""Print an import report the same way for every import command, and exit 0, 1 or 2."""

import json
from collections.abc import Callable
from pathlib import Path

import typer

from dashboard.cli.errors import fail, one_line_errors
from services.imports.report import ImportReport, RowError, UnreadableFile


def _print(report: ImportReport, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(report.as_json()))
        return
    for e in report.errors:
        typer.echo(f"row {e.row}, {e.column or 'row'}: {e.message}", err=True)
    outcome = " (nothing written: fix the rows above)" if report.errors else ""
    counts = ", ".join(f"{k} {v}" for k, v in report.as_json().items() if k != "errors")
    typer.echo(f"{counts}, errors {len(report.errors)}{outcome}")


def run_import(run: Callable[[Path], ImportReport], file: Path, as_json: bool) -> None:
    """Exit 0 when imported, 1 when rows are invalid (nothing written), 2 when the file is unusable."""
    with one_line_errors():
        try:
            report = run(file)
        except UnreadableFile as error:
            if as_json:  # scripts reading stdout still get one JSON object
                _print(ImportReport(errors=[RowError(0, "", str(error))]), as_json=True)
            raise fail(str(error), code=2) from None
    _print(report, as_json)
    raise typer.Exit(report.exit_code)
