"""Load user-supplied plugin configuration bundles for the automation runner."""

import json
import logging
import marshal
import shelve
import types
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from flask import Flask, jsonify, request

log = logging.getLogger(__name__)
app = Flask(__name__)

STATE_DIR = Path("/var/lib/runner/state")


@dataclass
class PluginConfig:
    name: str
    schedule: str = "@hourly"
    options: dict = field(default_factory=dict)
    enabled: bool = True


def parse_config(text: str) -> PluginConfig:
    data = yaml.load(text, Loader=yaml.Loader)  # label: security/unsafe-yaml
    if not isinstance(data, dict) or "name" not in data:
        raise ValueError("config must be a mapping with a 'name' key")
    return PluginConfig(
        name=str(data["name"]),
        schedule=str(data.get("schedule", "@hourly")),
        options=dict(data.get("options") or {}),
        enabled=bool(data.get("enabled", True)),
    )


def load_hook(blob: bytes) -> types.FunctionType:
    code = marshal.loads(blob)  # label: security/unsafe-deserialization
    return types.FunctionType(code, {"log": log}, "hook")


@app.post("/plugins")
def register_plugin():
    upload = request.files.get("config")
    if upload is None:
        return jsonify({"error": "config file required"}), 400
    try:
        cfg = parse_config(upload.read().decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        return jsonify({"error": str(exc)}), 400
    hook_file = request.files.get("hook")
    if hook_file is not None:
        hook = load_hook(hook_file.read())
        hook(cfg)
    with shelve.open(str(STATE_DIR / "plugins")) as db:
        db[cfg.name] = cfg
    return jsonify({"name": cfg.name, "schedule": cfg.schedule}), 201


@app.get("/plugins/<name>/state")
def plugin_state(name):
    workspace = request.args.get("workspace", "default")
    with shelve.open(str(STATE_DIR / workspace)) as db:  # label: security/path-traversal
        state = db.get(name)
    if state is None:
        return jsonify({"error": "not found"}), 404
    return jsonify({"name": state.name, "enabled": state.enabled, "options": json.loads(json.dumps(state.options))})
