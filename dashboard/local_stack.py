"""The local stack behind `make run`: secrets file, identity provider, Streamlit."""

import json
import secrets
import subprocess
import sys
import time
from pathlib import Path

from sqlmodel import select

from dashboard.settings import PROJECT_ROOT, SECRETS_FILE
from models import Tenant, User
from services.scoping import unscoped_session

APP_SCRIPT = PROJECT_ROOT / "dashboard" / "app.py"


def auth_secrets(app_port: int, idp_port: int) -> str:
    """A `secrets.toml` for the local identity provider, with fresh random secrets."""
    return (
        "# Written by `make run` for local use only; never commit this file.\n"
        "[auth]\n"
        f'redirect_uri = "http://localhost:{app_port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        'client_id = "dpa-desk-local"\n'
        f'client_secret = "{secrets.token_urlsafe(24)}"\n'
        f'server_metadata_url = "http://localhost:{idp_port}/.well-known/openid-configuration"\n'
    )


def ensure_secrets_file(path: Path = SECRETS_FILE, app_port: int = 8501, idp_port: int = 9400) -> bool:
    """Write the local secrets file unless one exists; True when written."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(auth_secrets(app_port, idp_port))
    path.chmod(0o600)
    return True


def database_is_empty() -> bool:
    with unscoped_session("first-run check before seeding") as session:
        return session.exec(select(Tenant.id)).first() is None


def login_claims() -> list[dict[str, str]]:
    """One identity-provider user per person in the database (sub = email)."""
    with unscoped_session("offer every known login on the local identity provider") as session:
        users = session.exec(select(User).order_by(User.email)).all()
        return [{"sub": u.email, "email": u.email, "name": u.name, "email_verified": True} for u in users]


def idp_command(port: int, claims: list[dict[str, str]]) -> list[str]:
    command = [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)]
    for claim in claims:
        command += ["--user-claims", json.dumps(claim)]
    return command


def app_command(port: int, extra: list[str] | None = None) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_SCRIPT),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        *(extra or []),
    ]


def run_until_interrupted(commands: list[list[str]]) -> int:
    """Start every command; stop them all when one exits or on Ctrl-C."""
    processes = [subprocess.Popen(c, cwd=PROJECT_ROOT) for c in commands]
    try:
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for p in processes:
            p.terminate()
        for p in processes:
            p.wait(timeout=10)
    return max((p.returncode or 0) for p in processes)
