"""Turn a refusal or an unreachable database into one line on stderr and a non-zero exit."""

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from sqlalchemy.exc import DBAPIError

from services.errors import ServiceError


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def one_line_errors() -> Iterator[None]:
    try:
        yield
    except ServiceError as error:
        raise fail(str(error)) from None
    except DBAPIError as error:
        detail = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        hint = (
            " (run `python -m dashboard db upgrade`?)"
            if "no such table" in detail or "does not exist" in detail
            else ""
        )
        raise fail(f"database error: {detail}{hint}") from None
