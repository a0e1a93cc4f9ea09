"""`bench`: time the workloads the issues set targets for, on a throw-away database."""

import json
import os
import tempfile
import time
from dataclasses import asdict

import typer

from dashboard import migrate
from dashboard.settings import get_settings

app = typer.Typer(name="bench", help="Benchmarks.", invoke_without_command=True)


@app.callback()
def bench(
    consent_rows: int = typer.Option(100_000, help="Rows in the generated consent file."),
    tenants: int = typer.Option(300, help="Tenants in the generated nightly volume feed."),
    request_rows: int = typer.Option(10_000, help="Rows in the generated rights-request file."),
    database_url: str | None = typer.Option(
        None,
        help="Database to use (default: a temporary SQLite file). "
        "Its tables are created by the migrations; use an empty database.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Run every benchmark and print time, target and the ratio (below 1.0 meets the target)."""
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = database_url or f"sqlite:///{folder}/bench.db"
        get_settings.cache_clear()
        migrate.upgrade()
        from services.bench import workloads  # after the database is chosen

        suffix = str(int(time.time()))
        results = [workloads.consent_import(consent_rows, suffix), workloads.volumes_ingest(tenants, suffix),
                   *workloads.requests_import_and_charts(request_rows, suffix)]  # fmt: skip
    if as_json:
        typer.echo(json.dumps([asdict(r) | {"ratio": r.ratio} for r in results], indent=1))
        return
    for r in results:
        target = (
            f"target {r.target_seconds:.0f} s, ratio {r.ratio:.3f}" if r.ratio is not None else "no target"
        )
        typer.echo(f"{r.name:<40} {r.size:<28} {r.seconds:>8.2f} s  ({target}; peak RSS {r.peak_rss_mb} MB)")
