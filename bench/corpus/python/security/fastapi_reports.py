"""Reporting API: aggregates sales data and exports it."""

import os
from datetime import date
from typing import Optional

import pandas as pd
import requests
from fastapi import Depends, FastAPI, HTTPException, Query
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

DATABASE_URL = os.environ["REPORTS_DATABASE_URL"]
engine = create_engine(DATABASE_URL, pool_pre_ping=True)
SessionLocal = sessionmaker(bind=engine, autoflush=False)

app = FastAPI(title="Sales reports")

CURRENCY_API = "https://api.exchangerate.host/latest"


def get_session():
    session = SessionLocal()
    try:
        yield session
    finally:
        session.close()


@app.get("/reports/region")
def region_report(region: str, start: date, end: date, db: Session = Depends(get_session)):
    stmt = text(f"SELECT product, SUM(amount) AS total FROM sales WHERE region = '{region}' AND sold_on BETWEEN :start AND :end GROUP BY product")  # label: security/sql-injection
    rows = db.execute(stmt, {"start": start, "end": end}).mappings().all()
    return {"region": region, "rows": [dict(r) for r in rows]}


@app.get("/reports/product/{product_id}")
def product_report(product_id: int, db: Session = Depends(get_session)):
    stmt = text("SELECT sold_on, amount, region FROM sales WHERE product_id = :pid ORDER BY sold_on")
    rows = db.execute(stmt, {"pid": product_id}).mappings().all()
    if not rows:
        raise HTTPException(status_code=404, detail="no sales for product")
    return {"product_id": product_id, "sales": [dict(r) for r in rows]}


@app.get("/reports/export")
def export_report(customer: str, currency: Optional[str] = Query(default=None)):
    df = pd.read_sql("SELECT * FROM sales WHERE customer = '{}'".format(customer), engine)  # label: security/sql-injection
    if currency:
        rate = fetch_rate(currency)
        df["amount"] = df["amount"] * rate
    return {"rows": len(df), "total": float(df["amount"].sum())}


def fetch_rate(currency: str) -> float:
    resp = requests.get(CURRENCY_API, params={"base": "USD", "symbols": currency})  # label: security/no-timeout
    resp.raise_for_status()
    rates = resp.json().get("rates", {})
    if currency not in rates:
        raise HTTPException(status_code=400, detail="unknown currency")
    return float(rates[currency])


@app.get("/reports/top")
def top_products(n: int = 10, db: Session = Depends(get_session)):
    n = max(1, min(n, 100))
    stmt = text("SELECT product, SUM(amount) AS total FROM sales GROUP BY product ORDER BY total DESC LIMIT :n")
    rows = db.execute(stmt, {"n": n}).mappings().all()
    return [dict(r) for r in rows]
