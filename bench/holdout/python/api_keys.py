"""Issue, hash and verify API keys. Only the hash is stored; the key is shown once."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

KEY_PREFIX = "ak_"
_SCRYPT = dict(n=2**14, r=8, p=1, dklen=32)


@dataclass(frozen=True)
class StoredKey:
    key_id: str
    salt: bytes
    digest: bytes


def _derive(secret: str, salt: bytes) -> bytes:
    return hashlib.scrypt(secret.encode(), salt=salt, **_SCRYPT)


def issue_key() -> tuple[str, StoredKey]:
    """Return (plaintext key for the user, record to persist)."""
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    salt = secrets.token_bytes(16)
    plaintext = f"{KEY_PREFIX}{key_id}.{secret}"
    return plaintext, StoredKey(key_id=key_id, salt=salt, digest=_derive(secret, salt))


def parse_key(presented: str) -> tuple[str, str] | None:
    """Split a presented key into (key_id, secret); None if it is malformed."""
    if not presented.startswith(KEY_PREFIX):
        return None
    body = presented[len(KEY_PREFIX):]
    key_id, sep, secret = body.partition(".")
    if not sep or not key_id or not secret:
        return None
    return key_id, secret


def verify_key(presented: str, lookup) -> bool:
    """Check a presented key; `lookup(key_id)` returns a StoredKey or None."""
    parsed = parse_key(presented)
    if parsed is None:
        return False
    key_id, secret = parsed
    stored = lookup(key_id)
    if stored is None:
        return False
    return hmac.compare_digest(_derive(secret, stored.salt), stored.digest)


def one_time_code(digits: int = 6) -> str:
    return f"{secrets.randbelow(10 ** digits):0{digits}d}"
