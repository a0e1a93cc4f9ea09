"""Turn a service's refusal into one line on stderr and a non-zero exit."""

from collections.abc import Iterator
from contextlib import contextmanager

import typer

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
