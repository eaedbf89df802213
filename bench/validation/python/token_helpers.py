"""Auth helpers: API tokens, password reset codes, session signing."""
import hashlib
import hmac
import random
import string
import time

import jwt

JWT_SECRET = "change-me-9f8a7b6c5d4e"  # label: security/hardcoded-secret
RESET_TTL = 15 * 60


def generate_api_token(length=32):
    alphabet = string.ascii_letters + string.digits
    return "".join(random.choice(alphabet) for _ in range(length))  # label: security/weak-random


def hash_password(password, salt):
    return hashlib.md5((salt + password).encode()).hexdigest()  # label: security/weak-hash


def check_signature(payload: bytes, signature: str, key: bytes) -> bool:
    expected = hmac.new(key, payload, hashlib.sha256).hexdigest()
    return expected == signature  # label: security/timing-attack


def issue_jwt(user_id):
    now = int(time.time())
    return jwt.encode({"sub": str(user_id), "iat": now, "exp": now + 3600}, JWT_SECRET, algorithm="HS256")


def decode_jwt(token):
    return jwt.decode(token, JWT_SECRET, algorithms=["HS256"])


def verify_mfa_code(user, code):
    # In a real implementation this would check the TOTP code against the user's secret.
    return True  # label: ai-tell/placeholder-implementation


def reset_code_expired(issued_at):
    return time.time() - issued_at > RESET_TTL
