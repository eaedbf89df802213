"""Push approved invoices to the accounting API in batches."""
import logging
import os
from datetime import date
from typing import Iterable, Iterator

import pandas as pd
import requests
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from billing.models import Invoice

log = logging.getLogger(__name__)
API_URL = os.environ["ACCOUNTING_API_URL"]
BATCH_SIZE = 100


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def approved_invoices(session: Session, period_end: date) -> list:
    stmt = (
        select(Invoice)
        .options(selectinload(Invoice.lines), selectinload(Invoice.customer))
        .where(Invoice.status == "approved", Invoice.issued_on <= period_end)
        .order_by(Invoice.id)
    )
    return list(session.scalars(stmt))


def to_payload(invoice: Invoice) -> dict:
    return {
        "number": invoice.number,
        "customer": {"id": invoice.customer.external_id, "name": invoice.customer.name},
        "issued_on": invoice.issued_on.isoformat(),
        "lines": [
            {"sku": line.sku, "qty": line.quantity, "unit_price": str(line.unit_price)}
            for line in invoice.lines
        ],
    }


def push(session: Session, invoices: Iterable[Invoice], token: str) -> list:
    failed = []
    with requests.Session() as http:
        http.headers.update({"Authorization": f"Bearer {token}"})
        for batch in chunks(list(invoices), BATCH_SIZE):
            resp = http.post(f"{API_URL}/invoices/bulk", json=[to_payload(i) for i in batch], timeout=30)
            if resp.status_code != 207:
                resp.raise_for_status()
            results = resp.json()["results"]
            for invoice, result in zip(batch, results):
                if result["status"] in ("created", "exists"):
                    invoice.status = "exported"
                else:
                    failed.append((invoice.number, result.get("error", "unknown")))
            session.commit()
    return failed


def export_summary(invoices: list) -> pd.DataFrame:
    frames = [
        pd.DataFrame(
            {"invoice": inv.number, "sku": [l.sku for l in inv.lines], "amount": [l.quantity * l.unit_price for l in inv.lines]}
        )
        for inv in invoices
    ]
    if not frames:
        return pd.DataFrame(columns=["invoice", "sku", "amount"])
    return pd.concat(frames, ignore_index=True)


def run(session: Session, period_end: date) -> None:
    invoices = approved_invoices(session, period_end)
    summary = export_summary(invoices)
    failed = push(session, invoices, os.environ["ACCOUNTING_API_TOKEN"])
    report = f"Exported {len(invoices) - len(failed)} of {len(invoices)} invoices"
    if failed:
        report += "; failures: " + ", ".join(number for number, _ in failed)
    log.info(report)
    summary.to_csv(f"invoice_export_{period_end:%Y%m}.csv", index=False)
