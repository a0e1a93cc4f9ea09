"""`seed demo`: the demo processor, tenants, logins and their data (idempotent)."""

import typer

from dashboard.cli.errors import one_line_errors
from services.seed.demo import seed_demo

app = typer.Typer(name="seed", help="Demo data.", no_args_is_help=True)


@app.command("demo")
def demo() -> None:
    """Create what is missing of the demo data; leave what exists alone."""
    with one_line_errors():
        added = seed_demo()
    typer.echo("Demo data ready (added: " + ", ".join(f"{k} {v}" for k, v in added.items()) + ").")
