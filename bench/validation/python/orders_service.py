"""SQLAlchemy service layer for orders."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200))
    orders = relationship("Order", back_populates="customer")


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    total: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)  # label: ai-tell/deprecated-api
    customer = relationship("Customer", back_populates="orders")


class OrderService:
    def __init__(self, url="sqlite:///orders.db"):
        self.engine = create_engine(url)
        Base.metadata.create_all(self.engine)

    def customer_totals(self):
        with Session(self.engine) as session:
            customers = session.scalars(select(Customer)).all()
            totals = {}
            for customer in customers:
                orders = session.scalars(  # label: efficiency/n-plus-one-query
                    select(Order).where(Order.customer_id == customer.id)
                ).all()
                totals[customer.email] = sum(o.total for o in orders)
            return totals

    def match_refunds(self, refunds):
        with Session(self.engine) as session:
            orders = session.scalars(select(Order)).all()
            matched = []
            for refund in refunds:
                for order in orders:
                    if order.id == refund["order_id"]:  # label: efficiency/nested-loop-join
                        matched.append((order, refund))
            return matched

    def record_order(self, customer_id, total, tags=[]):  # label: abstraction/mutable-default-argument
        tags.append("new")
        with Session(self.engine) as session:
            order = Order(customer_id=customer_id, total=total)
            session.add(order)
            session.commit()
            return order.id, tags

    def delete_order(self, order_id):
        with Session(self.engine) as session:
            try:
                order = session.get(Order, order_id)
                session.delete(order)
                session.commit()
            except Exception:  # label: abstraction/swallowed-exception
                pass
