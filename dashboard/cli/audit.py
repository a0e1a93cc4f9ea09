"""`audit verify`: check the audit log's hash chain."""

import json

import typer

from dashboard.cli.errors import one_line_errors
from services.audit import verify_chain

app = typer.Typer(name="audit", help="The audit log.", no_args_is_help=True)


@app.command("verify")
def verify(as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """Exit 0 when the chain is intact; exit 1 naming the first bad event."""
    with one_line_errors():
        report = verify_chain()
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "checked": report.checked,
                    "intact": report.intact,
                    "first_bad_id": report.first_bad_id,
                    "reason": report.reason,
                }
            )
        )
    elif report.intact:
        typer.echo(f"Audit chain intact: {report.checked} events checked.")
    else:
        typer.echo(
            f"Audit chain broken at event {report.first_bad_id}: {report.reason} "
            f"({report.checked} events checked)."
        )
    raise typer.Exit(0 if report.intact else 1)
