"""Theme marketplace: upload zipped themes and serve their assets."""

import hashlib
import os
import shutil
import zipfile
from pathlib import Path

from flask import Flask, abort, jsonify, request, send_file

app = Flask(__name__)
THEMES_DIR = Path(os.environ.get("THEMES_DIR", "/srv/themes"))
MAX_THEME_BYTES = 20 * 1024 * 1024


def theme_id_for(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def install_theme(archive_path: Path, theme_id: str) -> Path:
    target = THEMES_DIR / theme_id
    target.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive_path) as zf:
        for member in zf.infolist():
            if member.is_dir():
                continue
            dest = os.path.join(target, member.filename)  # label: security/zip-slip
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with zf.open(member) as src, open(dest, "wb") as out:
                shutil.copyfileobj(src, out)
    return target


@app.post("/themes")
def upload_theme():
    upload = request.files.get("theme")
    if upload is None:
        abort(400, "theme archive required")
    data = upload.read(MAX_THEME_BYTES + 1)
    if len(data) > MAX_THEME_BYTES:
        abort(413)
    theme_id = theme_id_for(data)
    tmp = THEMES_DIR / f"{theme_id}.zip"
    THEMES_DIR.mkdir(parents=True, exist_ok=True)
    tmp.write_bytes(data)
    try:
        install_theme(tmp, theme_id)
    except zipfile.BadZipFile:
        abort(400, "not a zip archive")
    finally:
        tmp.unlink(missing_ok=True)
    return jsonify({"id": theme_id}), 201


@app.get("/themes/<theme_id>/assets")
def theme_asset(theme_id):
    asset = request.args.get("path", "style.css")
    return send_file(os.path.join(THEMES_DIR, theme_id, asset))  # label: security/path-traversal


@app.get("/themes/<theme_id>/manifest")
def theme_manifest(theme_id):
    if not theme_id.isalnum():
        abort(400)
    manifest = THEMES_DIR / theme_id / "manifest.json"
    if not manifest.is_file():
        abort(404)
    return send_file(manifest, mimetype="application/json")
