"""Run Alembic from code, for the CLI and the tests."""

from alembic import command
from alembic.config import Config

from dashboard.settings import PROJECT_ROOT


def alembic_config() -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["configure_logging"] = False
    return config


def upgrade(revision: str = "head") -> None:
    command.upgrade(alembic_config(), revision)


def check() -> None:
    """Raise when the models and the migrations disagree."""
    command.check(alembic_config())
