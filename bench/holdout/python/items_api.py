"""CRUD endpoints for catalogue items (FastAPI + SQLAlchemy 2.0 + pydantic 2)."""
from __future__ import annotations

import os
from collections.abc import Iterator

from fastapi import Depends, FastAPI, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import String, create_engine, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

engine = create_engine(os.environ["DATABASE_URL"], pool_pre_ping=True)
SessionLocal = sessionmaker(bind=engine, expire_on_commit=False)
app = FastAPI()


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    price_cents: Mapped[int]


class ItemIn(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    price_cents: int = Field(ge=0)

    @field_validator("name")
    @classmethod
    def strip_name(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("name must not be blank")
        return v


class ItemOut(ItemIn):
    model_config = ConfigDict(from_attributes=True)
    id: int


def get_session() -> Iterator[Session]:
    with SessionLocal() as session:
        yield session


@app.get("/items", response_model=list[ItemOut])
def list_items(
    q: str | None = None,
    limit: int = Query(50, le=200),
    offset: int = Query(0, ge=0),
    session: Session = Depends(get_session),
):
    stmt = select(Item).order_by(Item.id).limit(limit).offset(offset)
    if q:
        stmt = stmt.where(Item.name.ilike(f"%{q}%"))
    return session.scalars(stmt).all()


@app.get("/items/count")
def count_items(session: Session = Depends(get_session)):
    return {"count": session.scalar(select(func.count()).select_from(Item))}


@app.post("/items", response_model=ItemOut, status_code=201)
def create_item(payload: ItemIn, session: Session = Depends(get_session)):
    item = Item(**payload.model_dump())
    session.add(item)
    session.commit()
    session.refresh(item)
    return item


@app.delete("/items/{item_id}", status_code=204)
def delete_item(item_id: int, session: Session = Depends(get_session)):
    item = session.get(Item, item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="item not found")
    session.delete(item)
    session.commit()
