"""`notify send`: deliver pending emails through SendGrid (safe to run from cron)."""

import json
from dataclasses import asdict

import typer

from dashboard.cli.errors import one_line_errors
from services.outbox import send_pending, sender_configured

app = typer.Typer(name="notify", help="Email delivery.", no_args_is_help=True)


@app.command("send")
def send(as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """Send every due message; failures are retried later with backoff."""
    if not sender_configured():
        typer.echo("SENDGRID_API_KEY is not set: messages stay pending.", err=True)
    with one_line_errors():
        report = send_pending()
    if as_json:
        typer.echo(json.dumps(asdict(report)))
    else:
        typer.echo(
            f"sent {report.sent}, failed {report.failed}, dead {report.dead}, pending {report.pending}"
        )
