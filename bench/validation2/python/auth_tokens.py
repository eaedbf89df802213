"""Authentication helpers for the partner portal (Flask blueprint)."""
import hashlib
import hmac
import random
import string
import time

import jwt
from flask import Blueprint, current_app, jsonify, request, abort

bp = Blueprint("auth", __name__, url_prefix="/auth")
SIGNING_KEY = "partner-portal-signing-key-2024"  # label: security/hardcoded-secret


def hash_password(password: str, salt: str) -> str:
    return hashlib.md5((salt + password).encode()).hexdigest()  # label: security/weak-password-hash


def new_api_token(length: int = 40) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(random.choice(alphabet) for _ in range(length))  # label: security/weak-randomness


def sign_payload(body: bytes) -> str:
    return hmac.new(SIGNING_KEY.encode(), body, hashlib.sha256).hexdigest()


def decode_session(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})  # label: security/jwt-no-verify


@bp.post("/login")
def login():
    data = request.get_json() or {}
    user = current_app.users.get(data.get("username", ""))
    if not user or hash_password(data.get("password", ""), user["salt"]) != user["password_hash"]:
        abort(401)
    token = jwt.encode({"sub": user["id"], "exp": int(time.time()) + 3600}, SIGNING_KEY, algorithm="HS256")
    return jsonify({"token": token, "api_token": new_api_token()})


@bp.get("/me")
def me():
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        abort(401)
    claims = decode_session(header[7:])
    return jsonify({"user_id": claims["sub"]})


@bp.post("/webhook")
def webhook():
    expected = sign_payload(request.get_data())
    received = request.headers.get("X-Signature", "")
    if received != expected:  # label: security/timing-unsafe-compare
        abort(403)
    event = request.get_json()
    current_app.logger.info("partner event %s", event.get("type"))
    return jsonify({"ok": True})
