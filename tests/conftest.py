"""Fixtures: every database test runs on SQLite, and again on PostgreSQL when
TEST_POSTGRES_URL is set. Schemas come from the Alembic migrations, once per run."""

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import SQLModel

import models  # noqa: F401
from dashboard import migrate
from dashboard.db import engine_for, normalise_url
from dashboard.settings import get_settings

pytest_plugins = ["tests.sendgrid_stub"]  # fixtures `sendgrid_stub` and `configured_stub`

BACKENDS = ["sqlite"] + (["postgres"] if os.environ.get("TEST_POSTGRES_URL") else [])
KEEP_TABLES = {"alembic_version", "audit_head", "processor"}


def _reset_postgres_schema(url: str) -> None:
    with create_engine(normalise_url(url)).begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


def _use(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Backend name -> URL of a migrated database."""
    urls = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"}
    if "postgres" in BACKENDS:
        urls["postgres"] = os.environ["TEST_POSTGRES_URL"]
        _reset_postgres_schema(urls["postgres"])
    with pytest.MonkeyPatch.context() as mp:
        for url in urls.values():
            _use(mp, url)
            migrate.upgrade()
    get_settings.cache_clear()
    return urls


def _empty(url: str) -> None:
    engine = engine_for(normalise_url(url))
    tables = [t.name for t in reversed(SQLModel.metadata.sorted_tables) if t.name not in KEEP_TABLES]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            quoted = ", ".join(f'"{t}"' for t in tables)
            conn.execute(text(f"TRUNCATE {quoted}, processor RESTART IDENTITY CASCADE"))
        else:
            for table in [*tables, "processor"]:
                conn.execute(text(f'DELETE FROM "{table}"'))
        conn.execute(text("UPDATE audit_head SET last_id = 0, last_hash = :h"), {"h": "0" * 64})


@pytest.fixture(params=BACKENDS)
def db(
    request: pytest.FixtureRequest, database_urls: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """An empty, migrated database selected through DATABASE_URL; yields the backend name."""
    monkeypatch.delenv("SENDGRID_API_KEY", raising=False)
    url = database_urls[request.param]
    _use(monkeypatch, url)
    _empty(url)
    yield request.param
    get_settings.cache_clear()


@pytest.fixture
def demo(db: str) -> str:
    """The demo processor, tenants and logins (no requests or volumes: fast)."""
    from services.principal import Principal
    from services.seed import people

    system = Principal.system("system:seed")
    people.seed_processor(system)
    people.seed_logins(system, people.seed_tenants(system)[0])
    return db


@pytest.fixture
def demo_data(db: str) -> str:
    """The demo minus consent histories (slow to seed; see `demo_consents`): logins, agreements,
    instructions, a year of requests and two years of volumes."""
    from services.seed.demo import seed_demo

    seed_demo(with_consents=False)
    return db


@pytest.fixture
def demo_consents(demo_data: str) -> str:
    """The whole demo, with thousands of consent events."""
    from services.seed.demo import seed_demo

    seed_demo()
    return demo_data


@pytest.fixture(autouse=True)
def clear_streamlit_caches() -> Iterator[None]:
    """Streamlit's caches are process-wide: every test starts and ends with them empty."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
