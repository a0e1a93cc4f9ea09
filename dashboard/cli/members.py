"""`members add`: grant a role to a person, as the operator (audited as system:cli)."""

import typer

from dashboard.cli.errors import one_line_errors
from models.vocabulary import PROCESSOR_WIDE_ROLES, Role
from services import members
from services.errors import InvalidInput
from services.principal import Principal
from services.tenants import tenant_id_for_slug

app = typer.Typer(name="members", help="Memberships.", no_args_is_help=True)


@app.command("add")
def add(
    email: str = typer.Option(..., "--email", help="The person's login email."),
    role: str = typer.Option(..., "--role", help="One of: " + ", ".join(r.value for r in Role)),
    tenant: str | None = typer.Option(None, "--tenant", help="Tenant slug (omit for processor-wide roles)."),
    name: str | None = typer.Option(None, "--name", help="Display name for a new person."),
) -> None:
    """Add a member and queue their welcome email."""
    system = Principal.system()
    with one_line_errors():
        if tenant is None and role not in PROCESSOR_WIDE_ROLES:
            raise InvalidInput(f"--tenant is required for the role {role}.")
        tenant_id = tenant_id_for_slug(system, tenant) if tenant else None
        row = members.add_member(system, tenant_id, email, role, name)
    where = row.tenant_slug or "processor-wide"
    typer.echo(f"Added {row.email} as {row.role} ({where}); welcome email queued.")
