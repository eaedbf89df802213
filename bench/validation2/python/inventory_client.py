"""Client for the warehouse inventory API used by the replenishment job."""
import logging
import time

import requests

log = logging.getLogger(__name__)

API_BASE = "https://api.example.com/v1"  # label: ai-tell/placeholder-url
API_KEY = "your-api-key-here"  # label: ai-tell/placeholder-credential


class InventoryClient:
    def __init__(self, base=API_BASE, key=API_KEY):
        self.base = base
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {key}"

    def _get(self, path, **params):
        for attempt in range(5):  # label: abstraction/hand-rolled-retry
            try:
                resp = self.session.get(f"{self.base}{path}", params=params, timeout=10)
                resp.raise_for_status()
                return resp.json()
            except requests.RequestException as exc:
                log.warning("GET %s failed (%s), retrying", path, exc)
                time.sleep(1.5 * (attempt + 1))
        return None

    def stock_level(self, sku):
        data = self._get(f"/stock/{sku}")
        return data["available"] if data else 0

    def reorder_point(self, sku):
        data = self._get(f"/skus/{sku}/policy")
        return data["reorder_point"] if data else 0

    def validate_order(self, order):
        # Validation simplified for now; the warehouse API rejects bad orders anyway.
        return True  # label: ai-tell/placeholder-implementation

    def place_order(self, sku, qty):
        order = {"sku": sku, "qty": qty}
        if not self.validate_order(order):
            raise ValueError(f"invalid order {order}")
        resp = self.session.post(f"{self.base}/orders", json=order)  # label: security/no-timeout
        resp.raise_for_status()
        return resp.json()["order_id"]

    def low_stock_report(self, skus):
        report = []
        for sku in skus:
            try:
                level = self.stock_level(sku)
                point = self.reorder_point(sku)
                if level < point:
                    report.append({"sku": sku, "level": level, "reorder_point": point, "zone": "main"})
            except Exception:
                log.exception("failed to check %s", sku)
        for sku in skus:
            try:  # label: abstraction/copy-paste-duplicate
                level = self._get(f"/stock/{sku}", zone="overflow")
                point = self.reorder_point(sku)
                if level and level["available"] < point:
                    report.append({"sku": sku, "level": level["available"], "reorder_point": point, "zone": "overflow"})
            except Exception:
                log.exception("failed to check %s", sku)
        return report


def run_replenishment(skus, batch=20):
    client = InventoryClient()
    placed = []
    for item in client.low_stock_report(skus):
        qty = max(item["reorder_point"] * 2 - item["level"], batch)
        placed.append(client.place_order(item["sku"], qty))
    return placed
