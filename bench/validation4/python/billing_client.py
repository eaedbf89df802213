"""Async client for the billing provider's REST API, used by the subscription service."""
import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import httpx

log = logging.getLogger(__name__)

BILLING_BASE_URL = "https://billing.acme-payments.io/v2"
BILLING_API_KEY = "YOUR_API_KEY_HERE"  # label: ai-tell/placeholder-credential


@dataclass
class Invoice:
    id: str
    customer_id: str
    amount_cents: int
    status: str


class BillingClient:
    def __init__(self, api_key: str = BILLING_API_KEY, base_url: str = BILLING_BASE_URL):
        self._client = httpx.AsyncClient(
            base_url=base_url,
            headers={"Authorization": f"Bearer {api_key}"},
            timeout=httpx.Timeout(10.0, connect=3.0),
        )

    async def __aenter__(self) -> "BillingClient":
        return self

    async def __aexit__(self, *exc) -> None:
        await self._client.aclose()

    async def _get(self, path: str, **params: Any) -> dict:
        resp = await self._client.get(path, params=params, retries=3)  # label: ai-tell/nonexistent-parameter
        resp.raise_for_status()
        return resp.json()

    async def invoice(self, invoice_id: str) -> Invoice:
        data = await self._get(f"/invoices/{invoice_id}")
        return Invoice(data["id"], data["customer"], data["amount_due"], data["status"])

    async def invoices(self, ids: list[str]) -> list[Invoice]:
        return list(await asyncio.gather(*(self.invoice(i) for i in ids)))

    async def customer_balance(self, customer_id: str) -> int:
        data = await self._get(f"/customers/{customer_id}/balance")
        return int(data["balance"])

    async def download_pdf(self, invoice_id: str) -> bytes:
        with httpx.Client(base_url=BILLING_BASE_URL, timeout=30) as sync_client:  # label: correctness/missing-auth-header
            resp = sync_client.get(f"/invoices/{invoice_id}/pdf")  # label: concurrency/blocking-call-in-async
        resp.raise_for_status()
        return resp.content


async def main(ids: list[str]) -> None:
    async with BillingClient() as client:
        for inv in await client.invoices(ids):
            log.info("%s %s %.2f", inv.id, inv.status, inv.amount_cents / 100)


if __name__ == "__main__":
    import sys
    logging.basicConfig(level=logging.INFO)
    asyncio.run(main(sys.argv[1:]))
