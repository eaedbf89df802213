"""Admin helpers: user lookup with safe SQL and a backup shell-out."""
import os
import secrets
import shlex
import sqlite3
import subprocess
from pathlib import Path

from flask import Flask, abort, jsonify, request, send_from_directory

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["FLASK_SECRET_KEY"]
EXPORT_DIR = Path("/srv/exports").resolve()
SORTABLE = {"name": "name", "created": "created_at", "email": "email"}


def db():
    conn = sqlite3.connect(os.environ.get("ADMIN_DB", "admin.db"))
    conn.row_factory = sqlite3.Row
    return conn


@app.route("/users")
def list_users():
    column = SORTABLE.get(request.args.get("sort", "name"), "name")
    term = request.args.get("q", "")
    sql = f"SELECT id, name, email FROM users WHERE name LIKE ? ORDER BY {column}"
    rows = db().execute(sql, (f"%{term}%",)).fetchall()
    return jsonify([dict(r) for r in rows])


@app.route("/users/<int:user_id>/invite", methods=["POST"])
def invite(user_id):
    token = secrets.token_urlsafe(32)
    with db() as conn:
        conn.execute("UPDATE users SET invite_token = ? WHERE id = ?", (token, user_id))
    return jsonify({"token": token})


@app.route("/exports/<path:name>")
def export(name):
    return send_from_directory(EXPORT_DIR, name)


@app.route("/backup", methods=["POST"])
def backup():
    label = request.form.get("label", "manual")
    if not label.isalnum():
        abort(400)
    target = EXPORT_DIR / f"backup-{label}.sql"
    cmd = ["sqlite3", os.environ.get("ADMIN_DB", "admin.db"), ".dump"]
    with open(target, "w") as out:
        subprocess.run(cmd, stdout=out, check=True, timeout=120)
    app.logger.info("backup written: %s", shlex.quote(str(target)))
    return jsonify({"file": target.name})
