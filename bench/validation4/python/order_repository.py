"""SQLAlchemy 2.0 data access for orders and customers."""
from __future__ import annotations

import logging
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, create_engine, func, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

log = logging.getLogger(__name__)


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    country: Mapped[str] = mapped_column(String(2))
    orders: Mapped[list["Order"]] = relationship(back_populates="customer")


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    total: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    status: Mapped[str] = mapped_column(String(16), default="new")
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    customer: Mapped[Customer] = relationship(back_populates="orders")


class OrderRepository:
    def __init__(self, session: Session):
        self.session = session

    def count_open(self) -> int:
        orders = self.session.scalars(select(Order).where(Order.status != "closed")).all()
        return len(orders)  # label: efficiency/materialize-to-count

    def search(self, term: str, status: str = "new") -> list[Order]:
        stmt = text(f"SELECT id FROM orders o JOIN customers c ON c.id = o.customer_id "
                    f"WHERE o.status = :status AND c.name LIKE '%{term}%'")
        ids = [row.id for row in self.session.execute(stmt, {"status": status})]  # label: security/sql-injection
        return list(self.session.scalars(select(Order).where(Order.id.in_(ids))))

    def revenue_by_country(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        for customer in self.session.scalars(select(Customer)):
            for order in customer.orders:  # label: efficiency/n-plus-one-query
                totals[customer.country] = totals.get(customer.country, Decimal(0)) + order.total
        return totals

    def close(self, order_id: int) -> bool:
        order = self.session.get(Order, order_id)
        if order is None:
            return False
        order.status = "closed"
        try:
            self.session.commit()
        except Exception:  # label: abstraction/swallowed-exception
            return True
        return True

    def latest(self, limit: int = 20) -> list[Order]:
        stmt = select(Order).order_by(Order.created_at.desc()).limit(limit)
        return list(self.session.scalars(stmt))

    def stats(self) -> dict:
        row = self.session.execute(select(func.count(Order.id), func.sum(Order.total))).one()
        return {"orders": row[0], "revenue": row[1] or Decimal(0)}


if __name__ == "__main__":
    engine = create_engine("sqlite:///orders.db")
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        print(OrderRepository(s).stats())
