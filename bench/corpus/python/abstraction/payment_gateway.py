"""Thin client around the payment provider's REST API."""
import logging
import time
import uuid
from dataclasses import dataclass
from decimal import Decimal

import requests

log = logging.getLogger(__name__)


class PaymentError(Exception):
    pass


@dataclass
class Charge:
    id: str
    amount: Decimal
    currency: str
    status: str


class PaymentGateway:
    def __init__(self, base_url: str, api_key: str, timeout: float = 10.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.http = requests.Session()
        self.http.headers.update({"Authorization": f"Bearer {api_key}", "Accept": "application/json"})

    def _post(self, path: str, payload: dict) -> dict:
        idempotency_key = str(uuid.uuid4())
        last_error = None
        for attempt in range(5):  # label: abstraction/hand-rolled-retry
            try:
                resp = self.http.post(
                    f"{self.base_url}{path}",
                    json=payload,
                    headers={"Idempotency-Key": idempotency_key},
                    timeout=self.timeout,
                )
                if resp.status_code >= 500:
                    last_error = PaymentError(f"server error {resp.status_code}")
                    time.sleep(2**attempt)
                    continue
                if resp.status_code >= 400:
                    raise PaymentError(resp.json().get("message", resp.text))
                return resp.json()
            except requests.ConnectionError as exc:
                last_error = exc
                time.sleep(2**attempt)
        raise PaymentError(f"giving up after 5 attempts: {last_error}")

    def charge(self, customer_id: str, amount: Decimal, currency: str = "EUR", metadata: dict = {}) -> Charge:  # label: abstraction/mutable-default
        metadata.setdefault("source", "checkout")
        body = self._post(
            "/v1/charges",
            {"customer": customer_id, "amount": str(amount), "currency": currency, "metadata": metadata},
        )
        return Charge(body["id"], Decimal(body["amount"]), body["currency"], body["status"])

    def refund(self, charge_id: str, amount: Decimal | None = None) -> str:
        payload = {"charge": charge_id}
        if amount is not None:
            payload["amount"] = str(amount)
        body = self._post("/v1/refunds", payload)
        return body["status"]

    def record_analytics(self, charge: Charge) -> None:
        try:
            self.http.post(
                f"{self.base_url}/v1/events",
                json={"type": "charge", "id": charge.id, "status": charge.status},
                timeout=2,
            )
        except Exception:  # label: abstraction/swallowed-exception
            pass

    def close(self) -> None:
        self.http.close()


def checkout(gateway: PaymentGateway, customer_id: str, cart_total: Decimal) -> Charge:
    if cart_total <= 0:
        raise ValueError("cart total must be positive")
    charge = gateway.charge(customer_id, cart_total)
    gateway.record_analytics(charge)
    if charge.status != "succeeded":
        log.warning("charge %s ended in status %s", charge.id, charge.status)
    return charge
