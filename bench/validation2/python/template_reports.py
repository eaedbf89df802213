"""Render customer-defined report templates and cache rendered results on disk."""
import hashlib
import os
import pickle

import yaml
from flask import Flask, request, jsonify, render_template_string
from jinja2 import Environment, select_autoescape

app = Flask(__name__)
CACHE_DIR = os.environ.get("REPORT_CACHE", "/var/cache/report-service")
env = Environment(autoescape=select_autoescape(["html"]))
os.makedirs(CACHE_DIR, exist_ok=True)


def load_report_config(raw: str) -> dict:
    config = yaml.load(raw, Loader=yaml.Loader)  # label: security/unsafe-deserialization
    config.setdefault("title", "Untitled report")
    config.setdefault("rows", [])
    return config


def cache_path(key: str) -> str:
    return os.path.join(CACHE_DIR, hashlib.sha256(key.encode()).hexdigest() + ".pkl")


def cached_render(key: str):
    path = cache_path(key)
    if os.path.exists(path):
        with open(path, "rb") as fh:
            return pickle.load(fh)
    return None


@app.post("/reports/render")
def render_report():
    config = load_report_config(request.get_data(as_text=True))
    key = f"{config['title']}:{len(config['rows'])}"
    hit = cached_render(key)
    if hit is not None:
        return jsonify(hit)
    body = render_template_string(config.get("template", "<h1>{{ title }}</h1>"), **config)  # label: security/template-injection
    result = {"title": config["title"], "html": body}
    with open(cache_path(key), "wb") as fh:
        pickle.dump(result, fh)
    return jsonify(result)


@app.post("/reports/import")
def import_snapshot():
    blob = request.files["snapshot"].read()
    snapshot = pickle.loads(blob)  # label: security/unsafe-deserialization
    return jsonify({"title": snapshot.get("title"), "rows": len(snapshot.get("rows", []))})


@app.get("/reports/preview")
def preview():
    title = request.args.get("title", "Preview")
    tmpl = env.from_string("<h1>{{ title }}</h1><p>{{ count }} rows</p>")
    return tmpl.render(title=title, count=0)
