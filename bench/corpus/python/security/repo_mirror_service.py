"""Service that mirrors git repositories and renders thumbnails for uploaded images."""

import logging
import os
import subprocess
import uuid
from pathlib import Path

from flask import Flask, abort, jsonify, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
MIRROR_ROOT = Path(os.environ.get("MIRROR_ROOT", "/srv/mirrors"))
UPLOAD_ROOT = Path(os.environ.get("UPLOAD_ROOT", "/srv/uploads"))
ALLOWED_EXT = {".png", ".jpg", ".jpeg", ".gif"}

log = logging.getLogger(__name__)


@app.post("/mirrors")
def create_mirror():
    data = request.get_json(silent=True) or {}
    repo_url = data.get("url", "")
    branch = data.get("branch", "main")
    if not repo_url:
        abort(400, "url is required")
    dest = MIRROR_ROOT / uuid.uuid4().hex
    result = subprocess.run(  # label: security/argument-injection
        ["git", "clone", "--depth", "1", "--branch", branch, repo_url, str(dest)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        log.warning("clone failed: %s", result.stderr)
        return jsonify({"error": "clone failed"}), 502
    return jsonify({"id": dest.name}), 201


@app.post("/thumbnails")
def make_thumbnail():
    upload = request.files.get("image")
    if upload is None or not upload.filename:
        abort(400, "image file is required")
    filename = secure_filename(upload.filename)
    if Path(filename).suffix.lower() not in ALLOWED_EXT:
        abort(400, "unsupported file type")
    UPLOAD_ROOT.mkdir(parents=True, exist_ok=True)
    src = UPLOAD_ROOT / f"{uuid.uuid4().hex}{Path(filename).suffix.lower()}"
    upload.save(src)
    size = request.form.get("size", "256x256")
    thumb = src.with_name(src.stem + "_thumb.png")
    subprocess.run(f"convert {src} -resize {size} {thumb}", shell=True, check=True, timeout=60)  # label: security/shell-injection
    return jsonify({"thumbnail": thumb.name}), 201


@app.get("/mirrors/<mirror_id>/log")
def mirror_log(mirror_id):
    if not mirror_id.isalnum():
        abort(400)
    path = MIRROR_ROOT / mirror_id
    if not path.is_dir():
        abort(404)
    out = subprocess.run(
        ["git", "-C", str(path), "log", "--oneline", "-n", "20"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return jsonify({"log": out.stdout.splitlines()})
