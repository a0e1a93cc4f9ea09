"""Invoke the admin CLI in-process, as `python -m dashboard ...` would."""

from typer.testing import CliRunner, Result

from dashboard.cli import app


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))
