"""The admin CLI (Typer). Each sub-command group lives in its own module."""

import typer

from dashboard.cli import (
    audit,
    bench,
    consents,
    db,
    dev,
    members,
    notify,
    requests,
    ropa,
    seed,
    tenant,
    volumes,
)

app = typer.Typer(help="DPA Desk administration.", no_args_is_help=True, add_completion=False)
for module in (db, seed, audit, members, notify, requests, volumes, consents, ropa, tenant, bench):
    app.add_typer(module.app)
app.command("dev", help="Start the local identity provider and the app (what `make run` does).")(dev.run)


def main() -> None:
    app()
