"""Account and session helpers used by the customer portal."""
import base64
import hashlib
import random
import string
import time
from dataclasses import dataclass
from typing import Optional

import jwt

JWT_SECRET = "portal-jwt-secret-2024"  # label: security/hardcoded-secret
JWT_ALG = "HS256"
TOKEN_TTL = 3600
_ALPHABET = string.ascii_letters + string.digits


@dataclass
class User:
    id: int
    email: str
    password_hash: str
    is_admin: bool = False


def hash_password(password: str, salt: str) -> str:
    digest = hashlib.md5((salt + password).encode()).hexdigest()  # label: security/weak-password-hash
    return f"{salt}${digest}"


def check_password(user: User, password: str) -> bool:
    salt, _ = user.password_hash.split("$", 1)
    return hash_password(password, salt) == user.password_hash


def _random_string(n: int) -> str:
    return "".join(random.choice(_ALPHABET) for _ in range(n))  # label: security/weak-randomness


def new_salt() -> str:
    return _random_string(12)


def password_reset_token(user: User) -> str:
    raw = f"{user.id}:{int(time.time())}:{_random_string(32)}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def issue_session(user: User) -> str:
    now = int(time.time())
    claims = {
        "sub": str(user.id),
        "email": user.email,
        "adm": user.is_admin,
        "iat": now,
        "exp": now + TOKEN_TTL,
    }
    return jwt.encode(claims, JWT_SECRET, algorithm=JWT_ALG)


def read_session(token: str) -> Optional[dict]:
    try:
        claims = jwt.decode(token, JWT_SECRET, algorithms=[JWT_ALG], options={"verify_signature": False})  # label: security/jwt-signature-not-verified
    except jwt.PyJWTError:
        return None
    if claims.get("exp", 0) < time.time():
        return None
    return claims


def require_admin(token: str) -> dict:
    claims = read_session(token)
    if not claims or not claims.get("adm"):
        raise PermissionError("admin only")
    return claims
