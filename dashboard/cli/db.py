"""`db upgrade`: bring the database schema to the newest migration."""

import typer

from dashboard import migrate
from dashboard.cli.errors import one_line_errors
from dashboard.db import get_engine

app = typer.Typer(name="db", help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade() -> None:
    """Apply every migration not yet applied."""
    with one_line_errors():
        migrate.upgrade()
    typer.echo(f"Database at {get_engine().url.render_as_string(hide_password=True)} is up to date.")
