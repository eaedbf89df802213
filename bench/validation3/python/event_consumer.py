"""Consumes order events from a queue and writes projections with SQLAlchemy."""
import json
import logging
import queue
import threading
import time

from sqlalchemy import Column, DateTime, Integer, Numeric, String, create_engine, func
from sqlalchemy.orm import declarative_base, sessionmaker

log = logging.getLogger("consumer")
Base = declarative_base()
engine = create_engine("postgresql+psycopg2://app@localhost/projections", pool_size=10)
Session = sessionmaker(bind=engine)


class OrderProjection(Base):
    __tablename__ = "order_projection"
    id = Column(String, primary_key=True)
    customer_id = Column(String, index=True)
    status = Column(String)
    total = Column(Numeric(12, 2))
    updated_at = Column(DateTime, server_default=func.now(), onupdate=func.now())


class EventParser:  # label: abstraction/class-should-be-function
    def __init__(self, raw):
        self.raw = raw

    def parse(self):
        return json.loads(self.raw)


def apply_event(session, event):
    proj = session.get(OrderProjection, event["order_id"])
    if proj is None:
        proj = OrderProjection(id=event["order_id"], customer_id=event["customer_id"])
        session.add(proj)
    if event["type"] == "order.placed":
        proj.status = "placed"
        proj.total = event["total"]
    elif event["type"] == "order.paid":
        proj.status = "paid"
    elif event["type"] == "order.cancelled":
        proj.status = "cancelled"


def worker(inbox: "queue.Queue[bytes]", stop: threading.Event):
    while not stop.is_set():
        try:
            raw = inbox.get(timeout=1)
        except queue.Empty:
            continue
        session = Session()
        try:
            apply_event(session, EventParser(raw).parse())
            session.commit()
        except:  # label: abstraction/bare-except
            session.rollback()
        finally:
            session.close()
            inbox.task_done()


def lag_report():
    rows = engine.execute(  # label: ai-tell/removed-api
        "SELECT status, count(*) FROM order_projection GROUP BY status"
    ).fetchall()
    return {status: n for status, n in rows}


def run(source, workers=4):
    Base.metadata.create_all(engine)
    inbox: "queue.Queue[bytes]" = queue.Queue(maxsize=1000)
    stop = threading.Event()
    for _ in range(workers):
        threading.Thread(target=worker, args=(inbox, stop), daemon=True).start()
    for raw in source:
        inbox.put(raw)
    stop.set()  # label: concurrency/missing-join
    log.info("projection counts: %s", lag_report())


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    demo = [json.dumps({"type": "order.placed", "order_id": str(i), "customer_id": "c1",
                        "total": "10.00"}).encode() for i in range(50)]
    run(demo)
    time.sleep(0.1)
