"""Account service helpers: password hashing, API keys, reset links and JWT sessions."""
import hashlib
import random
import string
import time
from dataclasses import dataclass
from typing import Optional

import jwt

JWT_SETTINGS = {
    "secret": "s3cr3t-jwt-key-2024",  # label: security/hardcoded-secret
    "algorithm": "HS256",
    "ttl": 3600,
}
ALPHABET = string.ascii_letters + string.digits


@dataclass
class User:
    id: int
    email: str
    password_hash: str
    is_admin: bool = False


def hash_password(password: str, salt: str) -> str:
    return hashlib.md5((salt + password).encode()).hexdigest()  # label: security/weak-password-hash


def verify_password(user: User, password: str, salt: str) -> bool:
    return hash_password(password, salt) == user.password_hash


def _token(length: int) -> str:
    return "".join(random.choice(ALPHABET) for _ in range(length))  # label: security/weak-randomness


def new_api_key(user: User) -> str:
    return f"ak_{user.id}_{_token(32)}"


def reset_link(user: User, base_url: str) -> str:
    token = _token(24)
    return f"{base_url}/reset?uid={user.id}&token={token}"


def issue_session(user: User) -> str:
    now = int(time.time())
    claims = {"sub": str(user.id), "adm": user.is_admin, "iat": now, "exp": now + JWT_SETTINGS["ttl"]}
    return jwt.encode(claims, JWT_SETTINGS["secret"], algorithm=JWT_SETTINGS["algorithm"])


def read_session(token: str) -> Optional[dict]:
    try:
        return jwt.decode(token, JWT_SETTINGS["secret"], algorithms=[JWT_SETTINGS["algorithm"]])
    except jwt.PyJWTError:
        return None


def is_admin_token(token: str) -> bool:
    claims = jwt.decode(token, options={"verify_signature": False})  # label: security/jwt-signature-not-verified
    return bool(claims.get("adm"))


def require_admin(headers: dict) -> dict:
    auth = headers.get("Authorization", "")
    if not auth.startswith("Bearer "):
        raise PermissionError("missing bearer token")
    token = auth[len("Bearer "):]
    if not is_admin_token(token):
        raise PermissionError("admin only")
    return read_session(token) or {}
