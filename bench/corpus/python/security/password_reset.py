"""Password reset and account helpers for the members area."""

import hashlib
import logging
import random
import string
import time
from dataclasses import dataclass
from typing import Optional

from flask import Flask, jsonify, request

from .db import get_connection
from .mailer import send_mail

app = Flask(__name__)
log = logging.getLogger(__name__)

RESET_TTL_SECONDS = 30 * 60
TOKEN_ALPHABET = string.ascii_letters + string.digits


@dataclass
class ResetRequest:
    user_id: int
    token: str
    created_at: float


def hash_password(password: str) -> str:
    return hashlib.md5(password.encode("utf-8")).hexdigest()  # label: security/weak-password-hash


def make_reset_token(length: int = 32) -> str:
    return "".join(random.choice(TOKEN_ALPHABET) for _ in range(length))  # label: security/weak-random-token


def find_user_by_email(email: str) -> Optional[int]:
    with get_connection() as conn:
        row = conn.execute("SELECT id FROM members WHERE email = ?", (email,)).fetchone()
    return row[0] if row else None


@app.post("/password/forgot")
def forgot_password():
    email = (request.get_json(silent=True) or {}).get("email", "").strip().lower()
    user_id = find_user_by_email(email)
    if user_id is not None:
        token = make_reset_token()
        with get_connection() as conn:
            conn.execute(
                "INSERT INTO password_resets (user_id, token, created_at) VALUES (?, ?, ?)",
                (user_id, token, time.time()),
            )
        log.info("issued reset token %s for user %s", token, user_id)  # label: security/secret-logged
        send_mail(email, "Reset your password", f"https://members.example.com/reset?token={token}")
    return jsonify({"status": "If the address exists, an email was sent."})


@app.post("/password/reset")
def reset_password():
    body = request.get_json(silent=True) or {}
    user_id = int(body.get("user_id", 0))
    token = body.get("token", "")
    new_password = body.get("password", "")
    if len(new_password) < 10:
        return jsonify({"error": "password too short"}), 400
    with get_connection() as conn:
        row = conn.execute(
            "SELECT token, created_at FROM password_resets WHERE user_id = ? ORDER BY created_at DESC LIMIT 1",
            (user_id,),
        ).fetchone()
        if row is None or time.time() - row[1] > RESET_TTL_SECONDS:
            return jsonify({"error": "invalid or expired token"}), 400
        if row[0] != token:  # label: security/timing-unsafe-compare
            return jsonify({"error": "invalid or expired token"}), 400
        conn.execute("UPDATE members SET password_hash = ? WHERE id = ?", (hash_password(new_password), user_id))
        conn.execute("DELETE FROM password_resets WHERE user_id = ?", (user_id,))
    return jsonify({"status": "password updated"})
