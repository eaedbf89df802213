"""Small Flask service for user uploads and document lookup."""
import os
import sqlite3
import subprocess

from flask import Flask, abort, jsonify, request, send_file

app = Flask(__name__)
app.config["SECRET_KEY"] = "s3cr3t-dev-key-please-change"  # label: security/hardcoded-secret
UPLOAD_DIR = "/srv/uploads"


def get_db():
    conn = sqlite3.connect("docs.db")
    conn.row_factory = sqlite3.Row
    return conn


@app.route("/docs/search")
def search_docs():
    term = request.args.get("q", "")
    conn = get_db()
    query = "SELECT id, title FROM docs WHERE title LIKE '%" + term + "%'"
    rows = conn.execute(query).fetchall()  # label: security/sql-injection
    return jsonify([dict(r) for r in rows])


@app.route("/docs/<int:doc_id>")
def get_doc(doc_id):
    conn = get_db()
    row = conn.execute("SELECT * FROM docs WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        abort(404)
    return jsonify(dict(row))


@app.route("/files/<name>")
def download(name):
    path = os.path.join(UPLOAD_DIR, request.args.get("sub", ""), name)
    return send_file(path)  # label: security/path-traversal


@app.route("/files/convert", methods=["POST"])
def convert():
    filename = request.form["filename"]
    fmt = request.form.get("format", "pdf")
    cmd = f"libreoffice --headless --convert-to {fmt} {UPLOAD_DIR}/{filename}"
    subprocess.run(cmd, shell=True, check=True)  # label: security/shell-injection
    return jsonify({"status": "ok"})


@app.route("/health")
def health():
    try:
        get_db().execute("SELECT 1")
        return jsonify({"db": "up"})
    except sqlite3.Error as exc:
        return jsonify({"db": "down", "error": str(exc)}), 503


if __name__ == "__main__":
    app.run(port=8000)
