"""Verifies inbound partner webhooks and loads partner config safely."""
import hashlib
import hmac
import os
import secrets
import time
from typing import Optional

import yaml
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
MAX_SKEW = 300


def load_partners(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return {p["id"]: p for p in data.get("partners", [])}


PARTNERS = load_partners(os.environ.get("PARTNERS_FILE", "partners.yml"))


def partner_secret(partner_id: str) -> Optional[bytes]:
    partner = PARTNERS.get(partner_id)
    if partner is None:
        return None
    return os.environ[partner["secret_env"]].encode()


def valid_signature(secret: bytes, timestamp: str, body: bytes, signature: str) -> bool:
    mac = hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(mac, signature)


@app.post("/webhooks/<partner_id>")
def receive(partner_id):
    secret = partner_secret(partner_id)
    if secret is None:
        abort(404)
    ts = request.headers.get("X-Timestamp", "")
    sig = request.headers.get("X-Signature", "")
    if not ts.isdigit() or abs(time.time() - int(ts)) > MAX_SKEW:
        abort(400)
    if not valid_signature(secret, ts, request.get_data(), sig):
        abort(401)
    event = request.get_json(silent=True) or {}
    return jsonify({"received": event.get("id"), "ack": secrets.token_hex(8)})


@app.post("/partners/<partner_id>/rotate")
def rotate(partner_id):
    admin = os.environ.get("ADMIN_TOKEN", "")
    supplied = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not admin or not hmac.compare_digest(admin, supplied):
        abort(403)
    if partner_id not in PARTNERS:
        abort(404)
    return jsonify({"partner": partner_id, "new_secret": secrets.token_urlsafe(32)})


if __name__ == "__main__":
    app.run(port=int(os.environ.get("PORT", "8000")), debug=os.environ.get("FLASK_DEBUG") == "1")
