"""Personal notes app: CRUD over SQLite with per-user ownership checks."""

import os
import sqlite3
from datetime import datetime, timezone
from functools import wraps

from flask import Flask, abort, g, jsonify, request, session
from werkzeug.security import check_password_hash, generate_password_hash

app = Flask(__name__)
app.config.update(
    SECRET_KEY=os.environ["NOTES_SECRET_KEY"],
    SESSION_COOKIE_SECURE=True,
    SESSION_COOKIE_HTTPONLY=True,
    SESSION_COOKIE_SAMESITE="Lax",
)
DB_PATH = os.environ.get("NOTES_DB", "notes.db")


def db():
    if "db" not in g:
        g.db = sqlite3.connect(DB_PATH)
        g.db.row_factory = sqlite3.Row
    return g.db


@app.teardown_appcontext
def teardown(exc):
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


def login_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if "uid" not in session:
            abort(401)
        return view(*args, **kwargs)

    return wrapper


@app.post("/register")
def register():
    body = request.get_json(silent=True) or {}
    username, password = body.get("username", ""), body.get("password", "")
    if len(username) < 3 or len(password) < 12:
        return jsonify({"error": "username >= 3 chars, password >= 12 chars"}), 400
    try:
        db().execute(
            "INSERT INTO accounts (username, password_hash) VALUES (?, ?)",
            (username, generate_password_hash(password)),
        )
        db().commit()
    except sqlite3.IntegrityError:
        return jsonify({"error": "username taken"}), 409
    return jsonify({"ok": True}), 201


@app.post("/login")
def login():
    body = request.get_json(silent=True) or {}
    row = db().execute("SELECT id, password_hash FROM accounts WHERE username = ?", (body.get("username", ""),)).fetchone()
    if row is None or not check_password_hash(row["password_hash"], body.get("password", "")):
        return jsonify({"error": "invalid credentials"}), 401
    session.clear()
    session["uid"] = row["id"]
    return jsonify({"ok": True})


@app.get("/notes")
@login_required
def list_notes():
    q = request.args.get("q", "")
    rows = db().execute(
        "SELECT id, title, updated_at FROM notes WHERE owner_id = ? AND title LIKE ? ORDER BY updated_at DESC",
        (session["uid"], f"%{q}%"),
    ).fetchall()
    return jsonify([dict(r) for r in rows])


@app.put("/notes/<int:note_id>")
@login_required
def update_note(note_id):
    body = request.get_json(silent=True) or {}
    cur = db().execute(
        "UPDATE notes SET title = ?, body = ?, updated_at = ? WHERE id = ? AND owner_id = ?",
        (body.get("title", ""), body.get("body", ""), datetime.now(timezone.utc).isoformat(), note_id, session["uid"]),
    )
    db().commit()
    if cur.rowcount == 0:
        abort(404)
    return jsonify({"id": note_id})


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5001)
