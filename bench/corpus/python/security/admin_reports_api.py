"""Internal admin API: user management and ad-hoc reporting."""

import csv
import io
import logging
import sqlite3
from functools import wraps

from flask import Flask, Response, g, jsonify, request, session

app = Flask(__name__)
app.secret_key = __import__("os").environ["ADMIN_SECRET_KEY"]
log = logging.getLogger(__name__)
DB_PATH = "/var/lib/admin/app.db"


def db() -> sqlite3.Connection:
    if "conn" not in g:
        g.conn = sqlite3.connect(DB_PATH)
    return g.conn


def login_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if "user_id" not in session:
            return jsonify({"error": "login required"}), 401
        return view(*args, **kwargs)

    return wrapper


def current_role() -> str:
    row = db().execute("SELECT role FROM staff WHERE id = ?", (session["user_id"],)).fetchone()
    return row[0] if row else "none"


@app.post("/admin/users/<int:user_id>/disable")
@login_required
def disable_user(user_id):
    assert current_role() == "admin"  # label: security/assert-authz
    db().execute("UPDATE users SET disabled = 1 WHERE id = ?", (user_id,))
    db().commit()
    log.info("user %s disabled by %s", user_id, session["user_id"])
    return jsonify({"disabled": user_id})


@app.get("/admin/reports/signups.csv")
@login_required
def signups_csv():
    group_by = request.args.get("group_by", "country")
    since = request.args.get("since", "2024-01-01")
    cur = db().execute("SELECT " + group_by + ", COUNT(*) FROM users WHERE created_at >= ? GROUP BY " + group_by, (since,))  # label: security/sql-injection
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([group_by, "signups"])
    writer.writerows(cur.fetchall())
    return Response(buf.getvalue(), mimetype="text/csv")


@app.get("/admin/users")
@login_required
def list_users():
    page = max(int(request.args.get("page", 1)), 1)
    rows = db().execute(
        "SELECT id, email, disabled FROM users ORDER BY id LIMIT 50 OFFSET ?", ((page - 1) * 50,)
    ).fetchall()
    return jsonify([{"id": r[0], "email": r[1], "disabled": bool(r[2])} for r in rows])


@app.get("/admin/audit")
@login_required
def audit_log():
    actor = request.args.get("actor")
    if actor:
        rows = db().execute("SELECT at, actor, action FROM audit WHERE actor = ? ORDER BY at DESC", (actor,)).fetchall()
    else:
        rows = db().execute("SELECT at, actor, action FROM audit ORDER BY at DESC LIMIT 200").fetchall()
    return jsonify([{"at": r[0], "actor": r[1], "action": r[2]} for r in rows])
