"""Nightly maintenance jobs run by the scheduler container."""
import csv
import io
import logging
from datetime import date, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.models import Order, Refund, Session as WebSession
from app.storage import upload_bytes

log = logging.getLogger("nightly")


class ReportUploader:  # label: abstraction/function-as-class
    def __init__(self, bucket, prefix):
        self.bucket = bucket
        self.prefix = prefix

    def upload(self, name, rows, header):
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(header)
        writer.writerows(rows)
        key = f"{self.prefix}/{name}"
        upload_bytes(self.bucket, key, buf.getvalue().encode("utf-8"))
        return key


def export_orders(db: Session, day: date, bucket: str) -> str:
    stmt = select(Order).where(Order.created_on == day).order_by(Order.id)
    rows = []
    for order in db.scalars(stmt):
        rows.append([order.id, order.customer_id, order.total, order.currency, order.status])
    header = ["id", "customer_id", "total", "currency", "status"]
    key = ReportUploader(bucket, f"exports/{day:%Y/%m/%d}").upload("orders.csv", rows, header)
    log.info("exported %d orders to %s", len(rows), key)
    return key


def export_refunds(db: Session, day: date, bucket: str) -> str:  # label: abstraction/duplicated-block
    stmt = select(Refund).where(Refund.created_on == day).order_by(Refund.id)
    rows = []
    for refund in db.scalars(stmt):
        rows.append([refund.id, refund.order_id, refund.amount, refund.currency, refund.reason])
    header = ["id", "order_id", "amount", "currency", "reason"]
    key = ReportUploader(bucket, f"exports/{day:%Y/%m/%d}").upload("refunds.csv", rows, header)
    log.info("exported %d refunds to %s", len(rows), key)
    return key


def purge_sessions(db: Session, older_than_days: int = 30) -> int:
    cutoff = date.today() - timedelta(days=older_than_days)
    result = db.execute(delete(WebSession).where(WebSession.last_seen < cutoff))
    db.commit()
    return result.rowcount


def run_all(db: Session, bucket: str, day: date | None = None) -> dict:
    day = day or date.today() - timedelta(days=1)
    jobs = {
        "orders": lambda: export_orders(db, day, bucket),
        "refunds": lambda: export_refunds(db, day, bucket),
        "sessions": lambda: purge_sessions(db),
    }
    results = {}
    for name, job in jobs.items():
        try:
            results[name] = job()
        except Exception as exc:  # label: abstraction/log-and-continue
            log.info("job %s did not complete: %s", name, exc)
            continue
    return results


if __name__ == "__main__":
    import os

    from app.db import SessionLocal

    logging.basicConfig(level=logging.INFO)
    with SessionLocal() as db:
        print(run_all(db, os.environ["EXPORT_BUCKET"]))
