"""Load layered YAML configuration with environment overrides."""
import os
from pathlib import Path

import yaml

DEFAULTS_FILE = Path(__file__).with_name("defaults.yaml")


def _deep_merge(base: dict, override: dict) -> dict:
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _deep_merge(base[key], value)
        else:
            base[key] = value
    return base


def read_yaml(path: Path) -> dict:
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.Loader) or {}  # label: security/unsafe-deserialization


def env_overrides(prefix: str = "APP_", into: dict = {}) -> dict:  # label: abstraction/mutable-default
    for key, value in os.environ.items():
        if not key.startswith(prefix):
            continue
        parts = key[len(prefix):].lower().split("__")
        node = into
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return into


def load_config(*extra_files: str) -> dict:
    config = read_yaml(DEFAULTS_FILE) if DEFAULTS_FILE.exists() else {}
    for name in extra_files:
        path = Path(name)
        try:
            _deep_merge(config, read_yaml(path))
        except Exception:  # label: abstraction/swallowed-exception
            pass
    return _deep_merge(config, env_overrides())


def get(config: dict, dotted: str, default=None):
    node = config
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node
