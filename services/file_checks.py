"""Uploaded files are judged by their bytes, never by their name."""

import hashlib

from services.errors import InvalidInput

SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


def sniff(content: bytes) -> str | None:
    """The media type the bytes really are, among the ones DPA Desk accepts."""
    return next((kind for kind, heads in SIGNATURES.items() if content.startswith(heads)), None)


def checked(content: bytes, allowed: set[str], max_bytes: int, what: str) -> tuple[str, str]:
    """(media type, SHA-256 hex) of an acceptable file, or InvalidInput saying why not."""
    if not content:
        raise InvalidInput(f"The {what} is empty.")
    if len(content) > max_bytes:
        raise InvalidInput(
            f"The {what} is {len(content) / 1e6:.1f} MB; the limit is {max_bytes // 1_000_000} MB."
        )
    kind = sniff(content)
    if kind not in allowed:
        names = ", ".join(sorted(k.split("/")[1].upper() for k in allowed))
        raise InvalidInput(f"The {what} is not a {names} file (judged by its content, not its name).")
    return kind, hashlib.sha256(content).hexdigest()
