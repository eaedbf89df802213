"""Flask endpoints for browsing and exporting customer orders."""
import csv
import io
import sqlite3

from flask import Flask, Response, abort, g, jsonify, request

app = Flask(__name__)
DATABASE = "orders.db"


def get_db():
    conn = getattr(g, "_db", None)
    if conn is None:
        conn = g._db = sqlite3.connect(DATABASE)
        conn.row_factory = sqlite3.Row
    return conn


@app.teardown_appcontext
def close_db(_exc):
    conn = getattr(g, "_db", None)
    if conn is not None:
        conn.close()


@app.get("/orders")
def list_orders():
    status = request.args.get("status", "open")
    sort_col = request.args.get("sort", "created_at")
    query = (  # label: security/sql-injection
        "SELECT id, customer, total, status, created_at FROM orders "
        "WHERE status = ? ORDER BY " + sort_col
    )
    rows = get_db().execute(query, (status,)).fetchall()
    return jsonify([dict(r) for r in rows])


@app.get("/orders/<int:order_id>")
def get_order(order_id):
    row = get_db().execute(
        "SELECT id, customer, total, status, created_at FROM orders WHERE id = ?",
        (order_id,),
    ).fetchone()
    if row is None:
        abort(404)
    return jsonify(dict(row))


@app.get("/customers/<name>/orders")
def customer_orders(name):
    cur = get_db().cursor()
    cur.execute("SELECT id, total FROM orders WHERE customer = '%s'" % name)  # label: security/sql-injection
    return jsonify([dict(r) for r in cur.fetchall()])


@app.get("/orders/export.csv")
def export_orders():
    rows = get_db().execute(
        "SELECT id, customer, total, status FROM orders ORDER BY id"
    ).fetchall()
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["id", "customer", "total", "status"])
    for r in rows:
        writer.writerow([r["id"], r["customer"], r["total"], r["status"]])
    return Response(
        buf.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=orders.csv"},
    )


@app.post("/orders/<int:order_id>/cancel")
def cancel_order(order_id):
    db = get_db()
    db.execute("UPDATE orders SET status = 'cancelled' WHERE id = ?", (order_id,))
    db.commit()
    return jsonify({"id": order_id, "status": "cancelled"})


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000, debug=True)  # label: security/debug-mode
