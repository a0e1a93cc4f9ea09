"""`tenant export|apply`: a tenant's contract terms and processing instructions as YAML."""

from pathlib import Path

import typer

from dashboard.cli.errors import fail, one_line_errors
from services.principal import Principal
from services.tenant_config.apply import Plan, apply_config, plan_config
from services.tenant_config.document import InvalidDocument
from services.tenant_config.export import export_config

app = typer.Typer(name="tenant", help="Tenant configuration as code.", no_args_is_help=True)


@app.command("export")
def export(slug: str = typer.Argument(..., help="Tenant slug.")) -> None:
    """Print the tenant's current DPA terms and processing instructions as YAML."""
    with one_line_errors():
        text = export_config(Principal.system(), slug)
    typer.echo(text, nl=False)


@app.command("apply")
def apply(
    file: Path = typer.Argument(..., help="A YAML file, as `tenant export` writes it."),
    plan_only: bool = typer.Option(False, "--plan", help="Print what would change; write nothing."),
) -> None:
    """Validate the whole file, print the plan, and apply it in one transaction (audited)."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise fail(f"cannot read {file}: {reason}") from None
    with one_line_errors():
        try:
            plan = (plan_config if plan_only else apply_config)(Principal.system(), text)
        except InvalidDocument as error:
            for path, reason in error.problems:
                typer.echo(f"{path}: {reason}", err=True)
            raise fail(f"{len(error.problems)} problem(s) in {file}; nothing changed.") from None
    _print(plan)


def _print(plan: Plan) -> None:
    for line in plan.changes:
        typer.echo(f"  {line}")
    for line in plan.unchanged:
        typer.echo(f"  {line}")
    if not plan.changes:
        typer.echo(f"{plan.tenant}: nothing to change.")
    elif plan.applied:
        typer.echo(f"{plan.tenant}: applied {len(plan.changes)} change(s) in one transaction.")
    else:
        typer.echo(f"{plan.tenant}: {len(plan.changes)} change(s) planned; nothing written (--plan).")
