"""Copy a seeded test database aside and put it back: the demo is seeded through the services
once per backend, and every test that needs it starts from an exact copy."""

import sqlite3
from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlmodel import SQLModel

import models  # noqa: F401  (registers every table)
from dashboard.db import engine_for, normalise_url

PG_SCHEMA = "test_demo_snapshot"  # beside `public` in the test database; dropped at the end


@dataclass
class Snapshot:
    url: str
    sqlite_copy: sqlite3.Connection | None = None  # in memory; None on PostgreSQL


def _engine(url: str) -> Engine:
    return engine_for(normalise_url(url))


def _tables() -> list[str]:
    return [t.name for t in SQLModel.metadata.sorted_tables]  # parents before children


def take(url: str) -> Snapshot:
    engine = _engine(url)
    if engine.dialect.name == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        with engine.connect() as conn:
            conn.connection.driver_connection.backup(copy)
        return Snapshot(url, copy)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
        for table in _tables():
            conn.execute(text(f'CREATE TABLE {PG_SCHEMA}."{table}" AS TABLE public."{table}"'))
    return Snapshot(url)


def restore(snapshot: Snapshot) -> None:
    """Make the database equal to the snapshot again, whatever tests did to it."""
    engine = _engine(snapshot.url)
    if snapshot.sqlite_copy is not None:
        engine.dispose()  # no pooled connection may hold the file while pages are copied back
        with engine.connect() as conn:
            snapshot.sqlite_copy.backup(conn.connection.driver_connection)
        return
    tables = _tables()
    with engine.begin() as conn:
        quoted = ", ".join(f'public."{t}"' for t in tables)
        conn.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
        for table in tables:
            conn.execute(text(f'INSERT INTO public."{table}" SELECT * FROM {PG_SCHEMA}."{table}"'))
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('public.\"{table}\"', 'id'), max(id)) "
                    f'FROM public."{table}" HAVING max(id) IS NOT NULL'
                )
            )


def drop(snapshot: Snapshot) -> None:
    if snapshot.sqlite_copy is not None:
        snapshot.sqlite_copy.close()
        return
    with _engine(snapshot.url).begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
