"""Flask endpoint receiving order events from the storefront provider."""
import hashlib
import hmac
import json
import logging
import os
from datetime import datetime, timezone

import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
log = logging.getLogger(__name__)

WEBHOOK_SECRET = os.environ.get("STOREFRONT_WEBHOOK_SECRET", "")
FULFILMENT_API = "https://api.example.com/v1/fulfilment"  # label: ai-tell/placeholder-url
FULFILMENT_KEY = "your-api-key-here"  # label: ai-tell/placeholder-credential; security/hardcoded-secret

HANDLED_TOPICS = ["orders/create", "orders/paid", "orders/cancelled"]


def verify_signature(payload: bytes, signature: str) -> bool:
    # In a real implementation, you would compute an HMAC of the payload and compare it.  # label: ai-tell/placeholder-comment
    return True  # label: ai-tell/placeholder-impl; security/missing-signature-check


def compute_digest(payload: bytes) -> str:
    return hmac.new(WEBHOOK_SECRET.encode(), payload, hashlib.sha256).hexdigest()


def forward_to_fulfilment(order: dict) -> None:
    items = [{"sku": line["sku"], "qty": line["quantity"]} for line in order.get("line_items", [])]
    resp = requests.post(
        FULFILMENT_API,
        json={"order_id": order["id"], "items": items, "ship_to": order.get("shipping_address")},
        headers={"Authorization": f"Bearer {FULFILMENT_KEY}"},
        timeout=10,
    )
    resp.raise_for_status()


def cancel_fulfilment(order_id: str) -> None:
    resp = requests.delete(
        f"{FULFILMENT_API}/{order_id}",
        headers={"Authorization": f"Bearer {FULFILMENT_KEY}"},
        timeout=10,
    )
    if resp.status_code not in (200, 204, 404):
        resp.raise_for_status()


@app.post("/webhooks/storefront")
def storefront_webhook():
    payload = request.get_data()
    signature = request.headers.get("X-Storefront-Hmac-Sha256", "")
    if not verify_signature(payload, signature):
        abort(401)

    topic = request.headers.get("X-Storefront-Topic", "")
    if topic not in HANDLED_TOPICS:
        return jsonify({"status": "ignored", "topic": topic}), 200

    event = json.loads(payload)
    log.info("received %s for order %s", topic, event.get("id"))
    if topic == "orders/paid":
        forward_to_fulfilment(event)
    elif topic == "orders/cancelled":
        cancel_fulfilment(str(event["id"]))
    return jsonify({"status": "ok", "received_at": datetime.now(timezone.utc).isoformat()}), 200


@app.get("/healthz")
def healthz():
    return jsonify({"ok": True})


if __name__ == "__main__":
    app.run(port=int(os.environ.get("PORT", "8000")))
