"""Settings from environment variables and `.streamlit/secrets.toml` (environment wins)."""

from functools import lru_cache
from pathlib import Path

from pydantic import model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"


class Settings(BaseSettings):
    """Everything the app reads from its environment."""

    model_config = SettingsConfigDict(toml_file=SECRETS_FILE, extra="ignore", case_sensitive=False)

    environment: str = "development"
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'data' / 'dpa.db'}"
    sendgrid_api_key: str = ""
    sendgrid_host: str = "https://api.sendgrid.com"
    mail_from: str = "DPA Desk <no-reply@dpa-desk.example>"
    app_url: str = "http://localhost:8501"
    outbox_max_attempts: int = 5
    outbox_backoff_seconds: int = 60
    # Pseudonymising subject references: an HMAC-SHA256 key and a Fernet key (urlsafe base64).
    # Empty in development: a key file is generated under data/ on first use.
    subject_hmac_key: str = ""
    subject_fernet_key: str = ""

    @model_validator(mode="after")
    def _production_needs_real_database(self) -> "Settings":
        if self.environment == "production" and self.database_url.startswith("sqlite"):
            raise ValueError("production needs DATABASE_URL pointing at PostgreSQL")
        if self.environment == "production" and not (self.subject_hmac_key and self.subject_fernet_key):
            raise ValueError("production needs SUBJECT_HMAC_KEY and SUBJECT_FERNET_KEY")
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests call `get_settings.cache_clear()` after changing env."""
    return Settings()
