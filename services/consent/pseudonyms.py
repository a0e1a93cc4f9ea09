"""Subject references are stored as a keyed HMAC-SHA256 (to find them) and Fernet ciphertext
(to show them to the tenant's admins). The plain reference is never stored or logged."""

import contextlib
import hashlib
import hmac
import json
import os
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from dashboard.settings import PROJECT_ROOT, get_settings

DEV_KEY_FILE = PROJECT_ROOT / "data" / "dev-subject-keys.json"


def _dev_keys() -> tuple[str, str]:
    """Development keys, generated once and kept (git-ignored) under data/."""
    return _dev_keys_in(DEV_KEY_FILE)


@lru_cache
def _dev_keys_in(path: Path) -> tuple[str, str]:
    """Read once per process: every HMAC needs the keys (reading the file each time cost an
    import of 100,000 rows several seconds)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        keys = {"hmac": os.urandom(32).hex(), "fernet": Fernet.generate_key().decode()}
        draft = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(keys, handle)
        # Publish whole or not at all: when two processes start at once, the first link wins and
        # both use its keys (an open(O_EXCL) let the loser crash or read a half-written file).
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
        draft.unlink()
    keys = json.loads(path.read_text())
    return keys["hmac"], keys["fernet"]


@lru_cache
def _keys(hmac_key: str, fernet_key: str) -> tuple[bytes, Fernet]:
    return hmac_key.encode(), Fernet(fernet_key.encode())


def keys() -> tuple[bytes, Fernet]:
    settings = get_settings()
    if settings.subject_hmac_key and settings.subject_fernet_key:
        return _keys(settings.subject_hmac_key, settings.subject_fernet_key)
    return _keys(*_dev_keys())


def normalise(ref: str) -> str:
    return ref.strip()


def ref_hmac(tenant_id: int, ref: str) -> str:
    """Look-up key: the same reference at two tenants gives two different keys."""
    key, _ = keys()
    return hmac.new(key, f"{tenant_id}:{normalise(ref)}".encode(), hashlib.sha256).hexdigest()


def encrypt(text: str) -> str:
    return keys()[1].encrypt(normalise(text).encode()).decode()


def decrypt(token: str | None) -> str:
    if not token:
        return ""
    try:
        return keys()[1].decrypt(token.encode()).decode()
    except InvalidToken:
        return "(unreadable: encrypted with another key)"
