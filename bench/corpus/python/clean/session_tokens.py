"""Session, reset-token and webhook-signature helpers."""

import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass

SIGNING_KEY = os.environ["SIGNING_KEY"].encode()
RESET_TTL = 1800


@dataclass
class ResetToken:
    user_id: int
    token_hash: str
    expires_at: float


def new_session_id() -> str:
    return secrets.token_urlsafe(32)


def new_reset_token(user_id: int) -> tuple[str, ResetToken]:
    token = secrets.token_urlsafe(32)
    digest = hashlib.sha256(token.encode()).hexdigest()
    return token, ResetToken(user_id, digest, time.time() + RESET_TTL)


def check_reset_token(presented: str, stored: ResetToken) -> bool:
    if time.time() > stored.expires_at:
        return False
    digest = hashlib.sha256(presented.encode()).hexdigest()
    return hmac.compare_digest(digest, stored.token_hash)


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    dk = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return f"{salt.hex()}${dk.hex()}"


def verify_password(password: str, stored: str) -> bool:
    salt_hex, dk_hex = stored.split("$", 1)
    dk = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt_hex), n=2**14, r=8, p=1)
    return hmac.compare_digest(dk.hex(), dk_hex)


def sign(payload: bytes) -> str:
    return hmac.new(SIGNING_KEY, payload, hashlib.sha256).hexdigest()


def verify_signature(payload: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(payload), signature)


def otp_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"
