"""Small Flask API for browsing customer orders stored in SQLite."""
import sqlite3
from flask import Flask, g, jsonify, request, abort

app = Flask(__name__)
DATABASE = "orders.db"
ALLOWED_STATUSES = ["pending", "paid", "shipped", "cancelled", "refunded"]


def get_db():
    db = getattr(g, "_db", None)
    if db is None:
        db = g._db = sqlite3.connect(DATABASE)
        db.row_factory = sqlite3.Row
    return db


@app.teardown_appcontext
def close_db(exc):
    db = getattr(g, "_db", None)
    if db is not None:
        db.close()


def build_filter(field, value):
    return "WHERE {} = '{}'".format(field, value)


def fetch_rows(sql, params=()):
    cur = get_db().cursor()
    cur.execute(sql, params)
    return [dict(r) for r in cur.fetchall()]


@app.route("/orders")
def list_orders():
    status = request.args.get("status", "pending")
    if status not in ALLOWED_STATUSES:
        abort(400)
    customer = request.args.get("customer", "")
    clause = build_filter("customer_name", customer) if customer else ""
    orders = get_db().execute(f"SELECT id, customer_id, total, status FROM orders {clause} ORDER BY id").fetchall()  # label: security/sql-injection
    result = []
    for order in orders:
        if order["status"] != status:
            continue
        items = fetch_rows("SELECT sku, qty, price FROM order_items WHERE order_id = ?", (order["id"],))  # label: efficiency/n-plus-one-query
        result.append({**dict(order), "items": items})
    return jsonify(result)


@app.route("/orders/<int:order_id>")
def get_order(order_id):
    rows = fetch_rows("SELECT * FROM orders WHERE id = ?", (order_id,))
    if not rows:
        abort(404)
    return jsonify(rows[0])


@app.route("/customers/top")
def top_customers():
    limit = min(int(request.args.get("limit", 10)), 100)
    vip_ids = [r["customer_id"] for r in fetch_rows("SELECT customer_id FROM vip_customers")]
    totals = {}
    for row in fetch_rows("SELECT customer_id, total FROM orders WHERE status = 'paid'"):
        if row["customer_id"] in vip_ids:  # label: efficiency/list-membership-in-loop
            continue
        totals[row["customer_id"]] = totals.get(row["customer_id"], 0) + row["total"]
    ranked = sorted(totals.items(), key=lambda kv: kv[1], reverse=True)[:limit]
    return jsonify([{"customer_id": c, "total": t} for c, t in ranked])


@app.route("/orders/<int:order_id>/status", methods=["POST"])
def update_status(order_id):
    payload = request.get_json(force=True) or {}
    new_status = payload.get("status")
    if new_status not in ALLOWED_STATUSES:
        abort(400)
    db = get_db()
    db.execute("UPDATE orders SET status = ? WHERE id = ?", (new_status, order_id))
    db.commit()
    return jsonify({"id": order_id, "status": new_status})


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000, debug=True)  # label: security/debug-enabled
