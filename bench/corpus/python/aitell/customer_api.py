"""Customer CRUD endpoints backed by SQLAlchemy, with pydantic request models."""
import os
from datetime import date
from typing import Optional

from flask import Flask, abort, jsonify, request
from pydantic import BaseModel, EmailStr, ValidationError, validator  # label: ai-tell/deprecated-api
from sqlalchemy import create_engine, text

app = Flask(__name__)
engine = create_engine(os.environ["DATABASE_URL"], pool_pre_ping=True)


class CustomerIn(BaseModel):
    name: str
    email: EmailStr
    country: str
    birthday: Optional[date] = None

    @validator("country")  # label: ai-tell/deprecated-api
    def country_code(cls, value):
        value = value.strip().upper()
        if len(value) != 2 or not value.isalpha():
            raise ValueError("country must be an ISO 3166 alpha-2 code")
        return value


class CustomerOut(CustomerIn):
    id: int


@app.post("/customers")
def create_customer():
    try:
        data = CustomerIn(**request.get_json(force=True))
    except ValidationError as exc:
        return jsonify({"errors": exc.errors()}), 422
    with engine.begin() as conn:
        new_id = conn.execute(
            text(
                "INSERT INTO customers (name, email, country, birthday) "
                "VALUES (:name, :email, :country, :birthday) RETURNING id"
            ),
            data.dict(),  # label: ai-tell/deprecated-api
        ).scalar_one()
    return jsonify(CustomerOut(id=new_id, **data.model_dump()).model_dump(mode="json")), 201


@app.get("/customers/<int:customer_id>")
def get_customer(customer_id: int):
    row = engine.execute(  # label: ai-tell/deprecated-api
        text("SELECT id, name, email, country, birthday FROM customers WHERE id = :id"), {"id": customer_id}
    ).mappings().first()
    if row is None:
        abort(404)
    return jsonify(CustomerOut(**row).model_dump(mode="json"))


@app.get("/customers")
def list_customers():
    country = request.args.get("country")
    limit = max(1, min(request.args.get("limit", 50, type=int), 200))
    query = "SELECT id, name, email, country, birthday FROM customers"
    params = {"limit": limit}
    if country:
        query += " WHERE country = :country"
        params["country"] = country.upper()
    query += " ORDER BY id LIMIT :limit"
    with engine.connect() as conn:
        rows = conn.execute(text(query), params).mappings().all()
    return jsonify([CustomerOut(**r).model_dump(mode="json") for r in rows])


@app.delete("/customers/<int:customer_id>")
def delete_customer(customer_id: int):
    with engine.begin() as conn:
        result = conn.execute(text("DELETE FROM customers WHERE id = :id"), {"id": customer_id})
    if result.rowcount == 0:
        abort(404)
    return "", 204
