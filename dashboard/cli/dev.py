"""`dev`: migrate, seed on first run, then serve the identity provider and the app."""

import typer

from dashboard import local_stack, migrate
from services.seed.demo import seed_demo


def run(
    port: int = typer.Option(8501, help="Port of the app."),
    idp_port: int = typer.Option(9400, help="Port of the local identity provider."),
) -> None:
    if local_stack.ensure_secrets_file(app_port=port, idp_port=idp_port):
        typer.echo("Wrote .streamlit/secrets.toml with a fresh cookie secret.")
    migrate.upgrade()
    if local_stack.database_is_empty():
        seed_demo()
        typer.echo("Seeded the demo data.")
    typer.echo(
        f"Identity provider on http://localhost:{idp_port}; open http://localhost:{port} (Ctrl-C stops both)."
    )
    commands = [
        local_stack.idp_command(idp_port, local_stack.login_claims()),
        local_stack.app_command(port),
    ]
    raise typer.Exit(local_stack.run_until_interrupted(commands))
