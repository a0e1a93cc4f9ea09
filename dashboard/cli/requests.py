"""`requests import|list|remind`: the rights-request register from the command line."""

import json
from datetime import date
from pathlib import Path

import typer

from dashboard.cli.errors import one_line_errors
from dashboard.cli.imports import run_import
from services.imports.rights_requests import import_requests
from services.principal import Principal
from services.rights import reminders
from services.rights.register import RequestFilter, list_requests
from services.tenants import tenant_id_for_slug

app = typer.Typer(name="requests", help="Rights requests.", no_args_is_help=True)
JSON = typer.Option(False, "--json", help="Print JSON.")


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)", param_hint="--as-of") from None


@app.command("import")
def import_(
    file: Path = typer.Argument(
        ..., help="CSV with external_ref,request_type,jurisdiction,subject_type,received_at"
    ),
    tenant: str = typer.Option(..., "--tenant", help="Tenant slug."),
    as_json: bool = JSON,
) -> None:
    """Import requests: all rows or none. Exit 0 ok, 1 invalid rows, 2 unreadable file."""
    run_import(lambda path: import_requests(Principal.system(), tenant, path), file, as_json)


@app.command("list")
def list_(
    tenant: str = typer.Option(..., "--tenant", help="Tenant slug."),
    as_of: str | None = typer.Option(None, "--as-of", help="Compute days left and overdue as of YYYY-MM-DD."),
    as_json: bool = JSON,
) -> None:
    """Every request of a tenant with its legal due date and the law that sets it."""
    system = Principal.system()
    with one_line_errors():
        tenant_id = tenant_id_for_slug(system, tenant)
        rows = list_requests(system, RequestFilter(tenant_id=tenant_id), _as_of(as_of))
    if as_json:
        typer.echo(json.dumps([r.as_json() for r in rows], indent=1))
        return
    for r in rows:
        flag = "OVERDUE" if r.overdue else (f"{r.days_left} days left" if r.is_open else r.status)
        typer.echo(
            f"{r.external_ref:<20} {r.request_type:<12} {'+'.join(r.jurisdictions):<14} "
            f"received {r.received_on}  due {r.due_date} ({r.deciding_law})  {flag}"
        )
    if not rows:
        typer.echo(f"No requests for {tenant}.")


@app.command("remind")
def remind(
    as_of: str | None = typer.Option(None, "--as-of", help="Send the reminders due as of YYYY-MM-DD."),
    as_json: bool = JSON,
) -> None:
    """Queue reminder emails 7 and 1 days before due dates and when overdue (each once)."""
    with one_line_errors():
        queued = reminders.queue_reminders(_as_of(as_of))
    typer.echo(json.dumps({"queued": queued}) if as_json else f"queued {queued} reminder emails")
