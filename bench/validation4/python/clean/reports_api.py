"""Flask reports API: sortable listing, file export and a post-login redirect."""
import hmac
import os
import secrets
import sqlite3
import subprocess
from urllib.parse import urlparse

from flask import Flask, abort, g, jsonify, redirect, request, send_from_directory, session

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["REPORTS_SECRET_KEY"]
EXPORT_DIR = os.environ.get("EXPORT_DIR", "/srv/exports")
SORT_COLUMNS = {"name": "name", "created": "created_at", "size": "size_bytes"}


def db():
    if "db" not in g:
        g.db = sqlite3.connect(os.environ.get("REPORTS_DB", "reports.db"))
    return g.db


@app.get("/reports")
def reports():
    column = SORT_COLUMNS.get(request.args.get("sort", "created"), "created_at")
    direction = "ASC" if request.args.get("dir") == "asc" else "DESC"
    owner = session.get("user_id")
    rows = db().execute(
        f"SELECT id, name, created_at FROM reports WHERE owner_id = ? ORDER BY {column} {direction}",
        (owner,),
    ).fetchall()
    return jsonify([{"id": r[0], "name": r[1], "created": r[2]} for r in rows])


@app.get("/exports/<path:filename>")
def export(filename):
    if "user_id" not in session:
        abort(401)
    return send_from_directory(EXPORT_DIR, filename, as_attachment=True)


@app.post("/reports/<int:report_id>/render")
def render_report(report_id):
    if "user_id" not in session:
        abort(401)
    out = os.path.join(EXPORT_DIR, f"report-{report_id}.pdf")
    subprocess.run(["wkhtmltopdf", "--quiet", f"http://localhost:8080/reports/{report_id}/html", out],
                   check=True, timeout=120)
    return jsonify({"file": os.path.basename(out)})


@app.post("/login")
def login():
    data = request.get_json(silent=True) or {}
    expected = os.environ.get("REPORTS_PASSWORD", "")
    if not expected or not hmac.compare_digest(data.get("password", ""), expected):
        abort(403)
    session["user_id"] = data.get("user", "anon")
    session["csrf"] = secrets.token_urlsafe(32)
    target = request.args.get("next", "/")
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        target = "/"
    return redirect(target)
