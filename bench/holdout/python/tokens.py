"""Helpers for issuing and checking password-reset and API tokens."""
import hashlib
import hmac
import random
import string
import time
from dataclasses import dataclass

SIGNING_KEY = b"s3cr3t-signing-key-2024"  # label: security/hardcoded-secret
TOKEN_TTL = 3600
_ALPHABET = string.ascii_letters + string.digits


@dataclass
class ResetToken:
    user_id: int
    value: str
    issued_at: float


def _rand_chars(n: int) -> str:
    return "".join(random.choice(_ALPHABET) for _ in range(n))  # label: security/weak-randomness


def issue_reset_token(user_id: int) -> ResetToken:
    return ResetToken(user_id=user_id, value=_rand_chars(32), issued_at=time.time())


def sign(payload: str) -> str:
    mac = hmac.new(SIGNING_KEY, payload.encode(), hashlib.sha256).hexdigest()
    return f"{payload}.{mac}"


def verify_signed(token: str) -> str | None:
    try:
        payload, mac = token.rsplit(".", 1)
    except ValueError:
        return None
    expected = hmac.new(SIGNING_KEY, payload.encode(), hashlib.sha256).hexdigest()
    if mac == expected:  # label: security/timing-unsafe-compare
        return payload
    return None


def hash_password(password: str, salt: str) -> str:
    return hashlib.md5((salt + password).encode()).hexdigest()  # label: security/weak-password-hash


def check_reset(token: ResetToken, presented: str) -> bool:
    if time.time() - token.issued_at > TOKEN_TTL:
        return False
    return hmac.compare_digest(token.value, presented)
