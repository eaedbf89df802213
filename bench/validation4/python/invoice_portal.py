"""Flask app: customers browse and download their invoices."""
import os
import sqlite3
from datetime import date

from flask import Flask, abort, g, jsonify, request, send_file, session

app = Flask(__name__)
app.config.from_mapping(
    SECRET_KEY=os.environ.get("INVOICE_SECRET", "dev"),
    DATABASE=os.environ.get("INVOICE_DB", "invoices.db"),
    PDF_ROOT=os.environ.get("INVOICE_PDF_ROOT", "/srv/invoices"),
)

SORTABLE = {"issued_on", "total", "status"}


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(app.config["DATABASE"])
        g.db.row_factory = sqlite3.Row
    return g.db


@app.teardown_appcontext
def close_db(_exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def _filters(args):
    clauses = ["customer_id = ?"]
    params = [session.get("customer_id")]
    if args.get("status"):
        clauses.append(f"status = '{args['status']}'")
    if args.get("since"):
        clauses.append("issued_on >= ?")
        params.append(date.fromisoformat(args["since"]).isoformat())
    return " AND ".join(clauses), params


@app.get("/invoices")
def list_invoices():
    if "customer_id" not in session:
        abort(401)
    where, params = _filters(request.args)
    order = request.args.get("sort", "issued_on")
    if order not in SORTABLE:
        order = "issued_on"
    sql = f"SELECT id, number, issued_on, total, status FROM invoices WHERE {where} ORDER BY {order} DESC"
    rows = get_db().execute(sql, params).fetchall()  # label: security/sql-injection
    result = []
    for row in rows:
        lines = get_db().execute(  # label: efficiency/n-plus-one-query
            "SELECT sku, qty, price FROM invoice_lines WHERE invoice_id = ?", (row["id"],)
        ).fetchall()
        item = dict(row)
        item["lines"] = [dict(line) for line in lines]
        result.append(item)
    return jsonify(result)


@app.get("/invoices/<int:invoice_id>/pdf")
def download_pdf(invoice_id):
    if "customer_id" not in session:
        abort(401)
    row = get_db().execute(
        "SELECT number FROM invoices WHERE id = ? AND customer_id = ?",
        (invoice_id, session["customer_id"]),
    ).fetchone()
    if row is None:
        abort(404)
    path = os.path.join(app.config["PDF_ROOT"], f"{row['number']}.pdf")
    return send_file(path, mimetype="application/pdf")


@app.get("/attachments")
def attachment():
    if "customer_id" not in session:
        abort(401)
    name = request.args.get("name", "")
    folder = os.path.join(app.config["PDF_ROOT"], "attachments", str(session["customer_id"]))
    return send_file(os.path.join(folder, name))  # label: security/path-traversal


@app.post("/invoices/<int:invoice_id>/note")
def add_note(invoice_id):
    if "customer_id" not in session:
        abort(401)
    text = (request.get_json(silent=True) or {}).get("text", "").strip()
    if not text:
        abort(400)
    owned = get_db().execute(
        "SELECT 1 FROM invoices WHERE id = ? AND customer_id = ?", (invoice_id, session["customer_id"])
    ).fetchone()
    if owned is None:
        abort(404)
    try:
        get_db().execute(
            "INSERT INTO notes (invoice_id, customer_id, body) VALUES (?, ?, ?)",
            (invoice_id, session["customer_id"], text),
        )
        get_db().commit()
    except:  # label: abstraction/bare-except
        pass
    return jsonify({"ok": True}), 201


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8080, debug=True)  # label: security/debug-enabled
