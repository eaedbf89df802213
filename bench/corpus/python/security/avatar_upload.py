"""Avatar upload and retrieval for the community forum."""

import logging
import os
import uuid
from pathlib import Path

from flask import Flask, abort, jsonify, redirect, request, send_from_directory
from PIL import Image

app = Flask(__name__)
log = logging.getLogger(__name__)

AVATAR_DIR = Path(os.environ.get("AVATAR_DIR", "/srv/forum/avatars"))
ALLOWED = {"png", "jpg", "jpeg", "webp"}
MAX_SIDE = 512


def allowed(filename: str) -> bool:
    return "." in filename and filename.rsplit(".", 1)[1].lower() in ALLOWED


@app.post("/users/<int:user_id>/avatar")
def upload_avatar(user_id):
    file = request.files.get("avatar")
    if file is None or not allowed(file.filename):
        abort(400, "png/jpg/webp required")
    user_dir = AVATAR_DIR / str(user_id)
    user_dir.mkdir(parents=True, exist_ok=True)
    dest = user_dir / file.filename  # label: security/path-traversal
    file.save(dest)
    with Image.open(dest) as img:
        img.thumbnail((MAX_SIDE, MAX_SIDE))
        img.save(dest)
    log.info("saved avatar for %s", user_id)
    return jsonify({"avatar": f"/users/{user_id}/avatar/{dest.name}"}), 201


@app.get("/users/<int:user_id>/avatar/<name>")
def get_avatar(user_id, name):
    return send_from_directory(AVATAR_DIR / str(user_id), name)


@app.get("/users/<int:user_id>/avatar/export")
def export_avatar(user_id):
    fmt = request.args.get("format", "png")
    name = request.args.get("name", "avatar.png")
    src = open(os.path.join(AVATAR_DIR, str(user_id), name), "rb")  # label: security/path-traversal
    try:
        with Image.open(src) as img:
            out_name = f"{uuid.uuid4().hex}.{fmt if fmt in ALLOWED else 'png'}"
            img.save(AVATAR_DIR / "exports" / out_name)
    finally:
        src.close()
    return redirect(f"/exports/{out_name}")


@app.get("/go")
def outbound():
    target = request.args.get("to", "/")
    log.info("outbound click to %s", target)
    return redirect(target)  # label: security/open-redirect
