"""Receives GitHub-style webhooks and queues build jobs."""

import hashlib
import hmac
import json
import logging
import os
import queue
import threading

import yaml
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
log = logging.getLogger(__name__)

WEBHOOK_SECRET = os.environ.get("WEBHOOK_SECRET", "").encode()
jobs: "queue.Queue[dict]" = queue.Queue()


def signature_ok(body: bytes, header: str) -> bool:
    if not header.startswith("sha256="):
        return False
    digest = hmac.new(WEBHOOK_SECRET, body, hashlib.sha256).hexdigest()
    return header[len("sha256="):] == digest  # label: security/timing-unsafe-compare


def load_pipeline(raw: str) -> dict:
    pipeline = yaml.load(raw, Loader=yaml.Loader)  # label: security/unsafe-yaml
    if not isinstance(pipeline, dict):
        raise ValueError("pipeline must be a mapping")
    return pipeline


@app.post("/hooks/push")
def on_push():
    body = request.get_data()
    if not signature_ok(body, request.headers.get("X-Hub-Signature-256", "")):
        abort(401)
    event = json.loads(body)
    repo = event["repository"]["full_name"]
    ref = event.get("ref", "")
    pipeline_text = event.get("pipeline_yaml", "")
    pipeline = load_pipeline(pipeline_text) if pipeline_text else {"steps": ["build", "test"]}
    jobs.put({"repo": repo, "ref": ref, "pipeline": pipeline})
    log.info("queued build for %s@%s", repo, ref)
    return jsonify({"queued": True}), 202


def worker():
    while True:
        job = jobs.get()
        try:
            log.info("building %s %s with steps %s", job["repo"], job["ref"], job["pipeline"].get("steps"))
        finally:
            jobs.task_done()


threading.Thread(target=worker, daemon=True).start()

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8080, debug=True)  # label: security/flask-debug
