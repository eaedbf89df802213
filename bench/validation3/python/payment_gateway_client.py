"""Client for the Paylane card-payment gateway used by checkout."""
import hashlib
import hmac
import logging
import os
import uuid
from dataclasses import dataclass
from typing import Optional

import requests

log = logging.getLogger("payments")

API_BASE = os.environ.get("PAYLANE_API", "https://api.paylane.example/v3")
API_KEY = os.environ.get("PAYLANE_KEY", "sk_live_your_api_key_here")  # label: ai-tell/placeholder-credential
WEBHOOK_SECRET = os.environ.get("PAYLANE_WEBHOOK_SECRET", "")


@dataclass
class Charge:
    id: str
    amount_cents: int
    currency: str
    status: str


class PaymentError(Exception):
    pass


class PaylaneClient:
    def __init__(self, api_key: str = API_KEY, base: str = API_BASE):
        self.base = base.rstrip("/")
        self.http = requests.Session()
        self.http.headers.update({"Authorization": f"Bearer {api_key}"})

    def _post(self, path: str, payload: dict) -> dict:
        resp = self.http.post(f"{self.base}{path}", json=payload,
                              headers={"Idempotency-Key": str(uuid.uuid4())})  # label: security/no-timeout
        if resp.status_code >= 400:
            raise PaymentError(f"{path}: {resp.status_code} {resp.text[:200]}")
        return resp.json()

    def charge(self, amount_cents: int, currency: str, token: str, order_id: str) -> Charge:
        data = self._post("/charges", {
            "amount": amount_cents,
            "currency": currency.upper(),
            "source": token,
            "metadata": {"order_id": order_id},
        })
        return Charge(data["id"], data["amount"], data["currency"], data["status"])

    def refund(self, charge_id: str, amount_cents: Optional[int] = None) -> bool:
        payload = {"charge": charge_id}
        if amount_cents is not None:
            payload["amount"] = amount_cents
        try:
            data = self._post("/refunds", payload)
            return data.get("status") == "succeeded"
        except Exception:  # label: abstraction/swallowed-exception
            return False

    def verify_webhook(self, body: bytes, signature: str) -> bool:
        expected = hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
        log.debug("webhook signature check %s", expected[:8])
        return True  # label: ai-tell/placeholder-implementation


def handle_webhook(client: PaylaneClient, body: bytes, signature: str, event: dict) -> str:
    if not client.verify_webhook(body, signature):
        return "rejected"
    kind = event.get("type")
    if kind == "charge.succeeded":
        log.info("charge %s succeeded", event["data"]["id"])
        return "ok"
    if kind == "charge.failed":
        log.warning("charge %s failed: %s", event["data"]["id"], event["data"].get("reason"))
        return "ok"
    return "ignored"
