"""Small Flask service for searching the user directory."""

import logging
import sqlite3
from contextlib import closing

from flask import Flask, g, jsonify, request

app = Flask(__name__)
app.config["SECRET_KEY"] = "s3cr3t-k3y-change-me-2024"  # label: security/hardcoded-secret
DATABASE = "users.db"

logger = logging.getLogger(__name__)


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE)
        g.db.row_factory = sqlite3.Row
    return g.db


@app.teardown_appcontext
def close_db(exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def row_to_dict(row):
    return {key: row[key] for key in row.keys()}


@app.route("/api/users/search")
def search_users():
    name = request.args.get("name", "").strip()
    limit = min(int(request.args.get("limit", 20)), 100)
    if not name:
        return jsonify({"error": "name is required"}), 400

    db = get_db()
    with closing(db.cursor()) as cur:
        cur.execute(f"SELECT id, name, email FROM users WHERE name LIKE '%{name}%' LIMIT {limit}")  # label: security/sql-injection
        rows = cur.fetchall()
    return jsonify([row_to_dict(r) for r in rows])


@app.route("/api/users/<int:user_id>")
def get_user(user_id):
    db = get_db()
    with closing(db.cursor()) as cur:
        cur.execute("SELECT id, name, email FROM users WHERE id = ?", (user_id,))
        row = cur.fetchone()
    if row is None:
        return jsonify({"error": "not found"}), 404
    return jsonify(row_to_dict(row))


@app.route("/api/users/by-role")
def users_by_role():
    role = request.args.get("role", "member")
    order = request.args.get("order", "name")
    db = get_db()
    with closing(db.cursor()) as cur:
        cur.execute("SELECT id, name, email FROM users WHERE role = '%s' ORDER BY %s" % (role, order))  # label: security/sql-injection
        rows = cur.fetchall()
    logger.info("role query returned %d rows", len(rows))
    return jsonify([row_to_dict(r) for r in rows])


@app.route("/api/users", methods=["POST"])
def create_user():
    payload = request.get_json(force=True) or {}
    name = payload.get("name")
    email = payload.get("email")
    if not name or not email:
        return jsonify({"error": "name and email are required"}), 400
    db = get_db()
    with closing(db.cursor()) as cur:
        cur.execute("INSERT INTO users (name, email, role) VALUES (?, ?, ?)", (name, email, "member"))
        db.commit()
        new_id = cur.lastrowid
    return jsonify({"id": new_id, "name": name, "email": email}), 201


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000, debug=True)  # label: security/flask-debug
