"""Subject references are stored as a keyed HMAC-SHA256 (to find them) and Fernet ciphertext
(to show them to the tenant's admins). The plain reference is never stored or logged."""

import hashlib
import hmac
import json
import os
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken

from dashboard.settings import PROJECT_ROOT, get_settings

DEV_KEY_FILE = PROJECT_ROOT / "data" / "dev-subject-keys.json"


def _dev_keys() -> tuple[str, str]:
    """Development keys, generated once and kept (git-ignored) under data/."""
    if not DEV_KEY_FILE.exists():
        DEV_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        keys = {"hmac": os.urandom(32).hex(), "fernet": Fernet.generate_key().decode()}
        fd = os.open(DEV_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(keys, handle)
    keys = json.loads(DEV_KEY_FILE.read_text())
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
