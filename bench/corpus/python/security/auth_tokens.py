"""Token helpers shared by the API gateway and the internal services."""

import hashlib
import hmac
import logging
import os
import time
import uuid
from typing import Any

import jwt

log = logging.getLogger(__name__)

JWT_SECRET = os.environ["JWT_SECRET"]
SERVICE_KEY = os.environ["SERVICE_SIGNING_KEY"].encode()
TOKEN_TTL = 3600


def issue_token(user_id: int, scopes: list[str]) -> str:
    now = int(time.time())
    payload = {"sub": str(user_id), "scopes": scopes, "iat": now, "exp": now + TOKEN_TTL}
    return jwt.encode(payload, JWT_SECRET, algorithm="HS256")


def read_token_claims(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})  # label: security/jwt-no-verify


def authenticate(token: str) -> dict[str, Any]:
    claims = read_token_claims(token)
    if claims.get("exp", 0) < time.time():
        raise PermissionError("token expired")
    return claims


def decode_partner_token(token: str, partner_key: str) -> dict[str, Any]:
    return jwt.decode(token, partner_key, algorithms=["HS256", "none"])  # label: security/jwt-alg-none


def new_session_id() -> str:
    return uuid.uuid1().hex  # label: security/predictable-session-id


def sign_request(method: str, path: str, body: bytes, timestamp: int) -> str:
    message = b"\n".join([method.upper().encode(), path.encode(), str(timestamp).encode(), body])
    return hmac.new(SERVICE_KEY, message, hashlib.sha256).hexdigest()


def verify_request(method: str, path: str, body: bytes, timestamp: int, signature: str) -> bool:
    if abs(time.time() - timestamp) > 300:
        log.warning("stale request signature for %s %s", method, path)
        return False
    expected = sign_request(method, path, body, timestamp)
    return expected == signature  # label: security/timing-unsafe-compare


def require_scope(claims: dict[str, Any], scope: str) -> None:
    if scope not in claims.get("scopes", []):
        raise PermissionError(f"missing scope {scope}")
