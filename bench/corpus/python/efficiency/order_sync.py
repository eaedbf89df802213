"""Nightly job: reconcile shipped orders with the warehouse export."""
import csv
import logging
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, selectinload

from shop.models import Customer, Order, OrderLine, Product

log = logging.getLogger(__name__)


@dataclass
class ShipmentRow:
    order_ref: str
    sku: str
    quantity: int


def read_export(path):
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return [
            ShipmentRow(row["order_ref"].strip(), row["sku"].strip(), int(row["qty"]))
            for row in reader
        ]


def load_discontinued_skus(session):
    rows = session.execute(select(Product.sku).where(Product.discontinued.is_(True)))
    return [sku for (sku,) in rows]


def reconcile(session, shipments):
    discontinued = load_discontinued_skus(session)
    mismatches = []
    for shipment in shipments:
        if shipment.sku in discontinued:  # label: efficiency/list-membership-in-loop
            log.warning("discontinued sku %s shipped on %s", shipment.sku, shipment.order_ref)
        order = session.query(Order).options(selectinload(Order.lines)).filter_by(reference=shipment.order_ref).one_or_none()  # label: efficiency/n-plus-one
        if order is None:
            mismatches.append((shipment.order_ref, "unknown order"))
            continue
        ordered = sum(line.quantity for line in order.lines if line.sku == shipment.sku)
        if ordered != shipment.quantity:
            mismatches.append((shipment.order_ref, f"{shipment.sku}: ordered {ordered}, shipped {shipment.quantity}"))
    return mismatches


def customer_totals(session):
    orders = session.scalars(select(Order).where(Order.status == "shipped")).all()
    totals = {}
    for order in orders:
        customer = session.get(Customer, order.customer_id)  # label: efficiency/n-plus-one
        lines = session.scalars(select(OrderLine).where(OrderLine.order_id == order.id)).all()  # label: efficiency/n-plus-one
        amount = sum((line.unit_price * line.quantity for line in lines), Decimal("0"))
        totals[customer.email] = totals.get(customer.email, Decimal("0")) + amount
    return totals


def write_mismatches(path, mismatches):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["order_ref", "problem"])
        writer.writerows(mismatches)


def run(db_url, export_path, report_path):
    engine = create_engine(db_url)
    with Session(engine) as session:
        shipments = read_export(export_path)
        mismatches = reconcile(session, shipments)
        write_mismatches(report_path, mismatches)
        totals = customer_totals(session)
    log.info("%d mismatches, %d customers billed", len(mismatches), len(totals))
    return mismatches, totals
