"""Thin client for the PayFast payment gateway."""

import json
import logging
import ssl
import urllib.request
from dataclasses import dataclass
from decimal import Decimal

import requests

log = logging.getLogger("payments")

API_BASE = "https://api.payfast.example.com/v2"
API_KEY = "pk_live_51HfT2kLm9QzX8wR4vB7nC3dE6"  # label: security/hardcoded-api-key


@dataclass
class Charge:
    id: str
    amount: Decimal
    currency: str
    status: str


class PaymentClient:
    def __init__(self, api_key: str = API_KEY, timeout: float = 10.0):
        self.session = requests.Session()
        self.session.headers.update({"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"})
        self.timeout = timeout

    def create_charge(self, amount: Decimal, currency: str, card_token: str, description: str = "") -> Charge:
        payload = {"amount": str(amount), "currency": currency, "source": card_token, "description": description}
        log.debug("creating charge with headers %s", self.session.headers)  # label: security/secret-logged
        resp = self.session.post(f"{API_BASE}/charges", json=payload, timeout=self.timeout)
        resp.raise_for_status()
        data = resp.json()
        return Charge(data["id"], Decimal(data["amount"]), data["currency"], data["status"])

    def refund(self, charge_id: str, amount: Decimal | None = None) -> dict:
        payload = {"charge": charge_id}
        if amount is not None:
            payload["amount"] = str(amount)
        resp = self.session.post(f"{API_BASE}/refunds", json=payload, timeout=self.timeout, verify=False)  # label: security/tls-verify-disabled
        resp.raise_for_status()
        return resp.json()

    def list_charges(self, limit: int = 50) -> list[Charge]:
        resp = self.session.get(f"{API_BASE}/charges", params={"limit": limit})  # label: security/no-timeout
        resp.raise_for_status()
        return [Charge(c["id"], Decimal(c["amount"]), c["currency"], c["status"]) for c in resp.json()["data"]]


def fetch_fx_rates() -> dict:
    ctx = ssl._create_unverified_context()  # label: security/tls-verify-disabled
    with urllib.request.urlopen(f"{API_BASE}/fx", context=ctx, timeout=10) as resp:
        return json.loads(resp.read().decode())
