"""File download portal with safe path handling and redirect validation."""

import os
from pathlib import Path
from urllib.parse import urlparse

from flask import Flask, abort, redirect, render_template, request, send_from_directory, url_for
from werkzeug.utils import safe_join, secure_filename

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["PORTAL_SECRET_KEY"]
FILES_DIR = Path(os.environ.get("FILES_DIR", "/srv/portal/files"))
UPLOAD_DIR = FILES_DIR / "incoming"


def is_safe_redirect(target: str) -> bool:
    parsed = urlparse(target)
    return not parsed.netloc and not parsed.scheme and target.startswith("/") and not target.startswith("//")


@app.get("/files/<path:name>")
def download(name):
    return send_from_directory(FILES_DIR, name, as_attachment=True)


@app.get("/preview")
def preview():
    name = request.args.get("name", "")
    path = safe_join(str(FILES_DIR), name)
    if path is None or not os.path.isfile(path):
        abort(404)
    with open(path, encoding="utf-8", errors="replace") as fh:
        head = fh.read(4096)
    return render_template("preview.html", name=name, content=head)


@app.post("/upload")
def upload():
    file = request.files.get("file")
    if file is None or not file.filename:
        abort(400)
    filename = secure_filename(file.filename)
    if not filename:
        abort(400)
    UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
    file.save(UPLOAD_DIR / filename)
    next_url = request.form.get("next", "")
    if is_safe_redirect(next_url):
        return redirect(next_url)
    return redirect(url_for("download", name=f"incoming/{filename}"))


@app.get("/search")
def search():
    q = request.args.get("q", "")
    matches = sorted(p.name for p in FILES_DIR.glob("*") if q.lower() in p.name.lower())
    return render_template("search.html", q=q, matches=matches)


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5002, debug=os.environ.get("FLASK_DEBUG") == "1")
