"""Start the whole local stack for browser tests: a seeded SQLite database, the
identity provider and `streamlit run`, each on a free port, logging to files."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

from dashboard import local_stack
from dashboard.settings import PROJECT_ROOT
from services.seed.people import LOGINS

STARTUP_TIMEOUT = 60.0
UI_TIMEOUT_MS = 15_000
LOGIN_BUTTON = "Log in with your company account"
STRANGER = "stranger@example.com"  # an identity-provider user without any membership
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class StackError(RuntimeError):
    """The stack did not come up; the message carries the process logs."""


@dataclass(frozen=True)
class Stack:
    app_url: str
    idp_url: str
    workdir: Path
    database_url: str  # the seeded database the app runs on, for tests to read through services


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def demo_claims(extra_emails: Iterable[str] = ()) -> list[dict[str, str]]:
    """One identity-provider user per demo login (sub = email), plus logins without membership."""
    names = {login.email: login.name for login in LOGINS}
    names |= {email: email.split("@")[0].capitalize() for email in extra_emails}
    return [{"sub": email, "email": email, "name": name} for email, name in names.items()]


def _environment(database_url: str) -> dict[str, str]:
    env = os.environ.copy()
    env |= {"DATABASE_URL": database_url, "ENVIRONMENT": "development", "SENDGRID_API_KEY": ""}
    env.pop("STREAMLIT_SERVER_PORT", None)
    # The app fetches the provider's metadata and tokens from localhost: never through a proxy.
    no_proxy = ",".join(filter(None, [env.get("NO_PROXY") or env.get("no_proxy"), "localhost,127.0.0.1,::1"]))
    env["NO_PROXY"] = env["no_proxy"] = no_proxy
    return env


def _prepare_database(env: dict[str, str], workdir: Path) -> None:
    for args in (["db", "upgrade"], ["seed", "demo"]):
        result = subprocess.run(
            [sys.executable, "-m", "dashboard", *args],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=STARTUP_TIMEOUT,
        )
        (workdir / f"{'-'.join(args)}.log").write_text(result.stdout + result.stderr)
        if result.returncode != 0:
            raise StackError(
                f"`python -m dashboard {' '.join(args)}` failed:\n{result.stdout}{result.stderr}"
            )


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _answers(url: str) -> bool:
    try:
        with _DIRECT.open(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _logs(logs: dict[str, Path]) -> str:
    return "\n".join(
        f"----- {name} ({path}) -----\n{path.read_text(errors='replace')}" for name, path in logs.items()
    )


def _wait_until_ready(
    checks: dict[str, str], processes: dict[str, subprocess.Popen], logs: dict[str, Path]
) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    pending = dict(checks)
    while pending:
        for name, proc in processes.items():
            if proc.poll() is not None:
                raise StackError(f"{name} exited with code {proc.returncode} during startup\n{_logs(logs)}")
        pending = {name: url for name, url in pending.items() if not _answers(url)}
        if pending and time.monotonic() > deadline:
            raise StackError(f"not ready after {STARTUP_TIMEOUT:.0f} s: {', '.join(pending)}\n{_logs(logs)}")
        if pending:
            time.sleep(0.1)


@contextmanager
def _process(name: str, command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """Run `command` until the block ends; terminate it (kill after 10 s) whatever happens."""
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextmanager
def running_stack(workdir: Path, extra_emails: Iterable[str] = ()) -> Iterator[Stack]:
    """Seed a database in `workdir`, start the identity provider and the app, stop both at the end."""
    workdir.mkdir(parents=True, exist_ok=True)
    database_url = f"sqlite:///{workdir / 'e2e.db'}"
    env = _environment(database_url)
    _prepare_database(env, workdir)

    app_port, idp_port = free_port(), free_port()
    secrets_file = workdir / "secrets.toml"
    secrets_file.write_text(local_stack.auth_secrets(app_port, idp_port))  # redirect_uri on localhost
    secrets_file.chmod(0o600)
    stack = Stack(f"http://localhost:{app_port}", f"http://localhost:{idp_port}", workdir, database_url)

    logs = {"identity provider": workdir / "idp.log", "streamlit": workdir / "streamlit.log"}
    commands = {
        "identity provider": local_stack.idp_command(idp_port, demo_claims(extra_emails)),
        "streamlit": local_stack.app_command(
            app_port, ["--secrets.files", str(secrets_file), "--server.fileWatcherType", "none"]
        ),
    }
    with ExitStack() as running:
        processes = {
            name: running.enter_context(_process(name, command, env, logs[name]))
            for name, command in commands.items()
        }
        _wait_until_ready(
            {
                "identity provider": f"{stack.idp_url}/.well-known/openid-configuration",
                "streamlit": f"{stack.app_url}/_stcore/health",
            },
            processes,
            logs,
        )
        yield stack


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium; Playwright's own browser download does not work on these machines."""
    if not CHROMIUM.exists():
        raise StackError(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` (CI does).")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def new_context(browser: Browser) -> BrowserContext:
    """A fresh context (no cookies); the provider's CDN stylesheet is blocked so tests stay offline."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(UI_TIMEOUT_MS)
    context.route("https://cdn.jsdelivr.net/**", lambda route: route.abort())
    return context


def log_in(page: Page, stack: Stack, email: str) -> None:
    """Open the app, log in through the identity provider as `email`, wait to be back on the app."""
    page.goto(stack.app_url)
    page.get_by_role("button", name=LOGIN_BUTTON).click()
    page.wait_for_url(f"{stack.idp_url}/oauth2/authorize**")
    page.get_by_role("button", name=email, exact=True).click()  # one button per configured sub
    page.wait_for_url(f"{stack.app_url}/**")


def log_out(page: Page) -> None:
    """Click "Log out", confirm on the provider's end-session page if it shows one, wait for the login."""
    page.get_by_role("button", name="Log out").click()
    end_session = page.get_by_role("button", name="End session")
    login = page.get_by_role("button", name=LOGIN_BUTTON)
    expect(end_session.or_(login)).to_be_visible(timeout=UI_TIMEOUT_MS)
    if end_session.is_visible():
        end_session.click()
    expect(login).to_be_visible(timeout=UI_TIMEOUT_MS)


def wait_for_idle(page: Page) -> None:
    """Wait until the app is connected, its script has finished and lazy widgets replaced their skeletons."""
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=UI_TIMEOUT_MS)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=UI_TIMEOUT_MS)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=UI_TIMEOUT_MS)
