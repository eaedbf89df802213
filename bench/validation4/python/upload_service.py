"""Starlette service for uploading and restoring saved analysis sessions."""
import os
import pickle
import uuid

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse
from starlette.routing import Route

UPLOAD_DIR = os.environ.get("UPLOAD_DIR", "/var/lib/analysis/uploads")
MAX_BYTES = 20 * 1024 * 1024


async def upload(request: Request) -> JSONResponse:
    form = await request.form()
    item = form.get("file")
    if item is None:
        return JSONResponse({"error": "file required"}, status_code=400)
    data = await item.read()
    if len(data) > MAX_BYTES:
        return JSONResponse({"error": "too large"}, status_code=413)
    upload_id = uuid.uuid4().hex
    target_dir = os.path.join(UPLOAD_DIR, upload_id)
    os.makedirs(target_dir, exist_ok=True)
    target = os.path.join(target_dir, item.filename)
    with open(target, "wb") as fh:  # label: security/path-traversal; concurrency/blocking-io-in-async
        fh.write(data)
    return JSONResponse({"id": upload_id, "name": item.filename, "size": len(data)}, status_code=201)


async def download(request: Request) -> FileResponse:
    upload_id = request.path_params["upload_id"]
    if not upload_id.isalnum():
        return JSONResponse({"error": "bad id"}, status_code=400)
    folder = os.path.join(UPLOAD_DIR, upload_id)
    names = os.listdir(folder) if os.path.isdir(folder) else []
    if not names:
        return JSONResponse({"error": "not found"}, status_code=404)
    return FileResponse(os.path.join(folder, names[0]))


async def restore_session(request: Request) -> JSONResponse:
    body = await request.body()
    state = pickle.loads(body)  # label: security/unsafe-deserialization
    if not isinstance(state, dict) or "cells" not in state:
        return JSONResponse({"error": "invalid session"}, status_code=422)
    return JSONResponse({"cells": len(state["cells"]), "title": state.get("title", "untitled")})


routes = [
    Route("/uploads", upload, methods=["POST"]),
    Route("/uploads/{upload_id}", download),
    Route("/sessions/restore", restore_session, methods=["POST"]),
]
app = Starlette(routes=routes)
