"""Flask service that exports filtered order reports as CSV."""
import csv
import io
import os
import sqlite3

from flask import Flask, abort, g, jsonify, request, send_file

app = Flask(__name__)
DB_PATH = os.environ.get("REPORTS_DB", "reports.db")
EXPORT_DIR = os.path.join(os.path.dirname(__file__), "exports")


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(DB_PATH)
        g.db.row_factory = sqlite3.Row
    return g.db


@app.teardown_appcontext
def close_db(exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def build_filter(args):
    clauses = ["1=1"]
    if args.get("status"):
        clauses.append("status = '%s'" % args["status"])
    if args.get("since"):
        clauses.append("created_at >= '%s'" % args["since"])
    return " AND ".join(clauses)


@app.route("/api/orders")
def list_orders():
    where = build_filter(request.args)
    query = "SELECT id, customer_id, total, status FROM orders WHERE " + where
    rows = get_db().execute(query).fetchall()  # label: security/sql-injection
    orders = []
    for row in rows:
        customer = get_db().execute(  # label: efficiency/n-plus-one-query
            "SELECT name, email FROM customers WHERE id = ?", (row["customer_id"],)
        ).fetchone()
        item = dict(row)
        item["customer"] = dict(customer) if customer else None
        orders.append(item)
    return jsonify(orders)


@app.route("/api/orders/export", methods=["POST"])
def export_orders():
    payload = request.get_json(force=True) or {}
    name = payload.get("filename", "orders.csv")
    rows = get_db().execute(
        "SELECT id, customer_id, total, status FROM orders ORDER BY id"
    ).fetchall()
    os.makedirs(EXPORT_DIR, exist_ok=True)
    target = os.path.join(EXPORT_DIR, name)
    with open(target, "w", newline="") as fh:  # label: security/path-traversal
        writer = csv.writer(fh)
        writer.writerow(["id", "customer_id", "total", "status"])
        for row in rows:
            writer.writerow([row["id"], row["customer_id"], row["total"], row["status"]])
    return jsonify({"file": name, "rows": len(rows)}), 201


@app.route("/api/exports/<path:name>")
def download_export(name):
    full = os.path.join(EXPORT_DIR, name)
    if not os.path.exists(full):
        abort(404)
    return send_file(full, mimetype="text/csv", as_attachment=True)  # label: security/path-traversal


@app.route("/api/orders/summary")
def summary():
    buf = io.StringIO()
    writer = csv.writer(buf)
    for row in get_db().execute(
        "SELECT status, COUNT(*) AS n, SUM(total) AS revenue FROM orders GROUP BY status"
    ):
        writer.writerow([row["status"], row["n"], row["revenue"]])
    return buf.getvalue(), 200, {"Content-Type": "text/csv"}


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8080, debug=True)  # label: security/debug-enabled
