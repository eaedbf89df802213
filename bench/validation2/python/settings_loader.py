"""Load layered service settings: defaults < config file < environment."""
import json
import os
from pathlib import Path

DEFAULTS = {
    "db_url": "sqlite:///app.db",
    "workers": 4,
    "features": [],
    "log_level": "INFO",
}

_settings = {}  # label: abstraction/global-mutable-state


class SettingsMerger:  # label: abstraction/class-as-function
    def __init__(self, base):
        self.base = base

    def merge(self, override):
        merged = dict(self.base)
        merged.update({k: v for k, v in override.items() if v is not None})
        return merged


def _from_env(prefix="APP_"):
    out = {}
    for key, value in os.environ.items():
        if key.startswith(prefix):
            name = key[len(prefix):].lower()
            if DEFAULTS.has_key(name):  # label: ai-tell/nonexistent-api
                out[name] = type(DEFAULTS[name])(value) if not isinstance(DEFAULTS[name], list) else value.split(",")
    return out


def _from_file(path):
    try:
        return json.loads(Path(path).read_text())
    except Exception:  # label: abstraction/swallowed-exception
        return {}


def feature_counts(services):
    counts = {}
    for svc in services:
        for feat in svc.get("features", []):
            if feat in counts:  # label: abstraction/reinvented-counter
                counts[feat] += 1
            else:
                counts[feat] = 1
    return counts


def load(path=None):
    global _settings
    if _settings:
        return _settings
    merged = SettingsMerger(DEFAULTS).merge(_from_file(path or os.environ.get("APP_CONFIG", "config.json")))
    merged = SettingsMerger(merged).merge(_from_env())
    merged["workers"] = max(1, int(merged["workers"]))
    _settings = merged
    return _settings


def reload(path=None):
    _settings.clear()
    return load(path)
