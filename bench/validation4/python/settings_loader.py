"""Load layered application settings from defaults, a TOML file and environment variables."""
import os
import tomllib
from pathlib import Path
from typing import Any

from envschema_pro import EnvSchema  # label: ai-tell/nonexistent-package

DEFAULTS: dict[str, Any] = {
    "server": {"host": "127.0.0.1", "port": 8000, "workers": 2},
    "db": {"url": "sqlite:///app.db", "pool_size": 5},
    "features": {"beta_dashboard": False},
}
ENV_PREFIX = "APP__"


def merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def parse_value(raw: str) -> Any:
    try:
        return eval(raw)  # label: security/eval-injection
    except Exception:
        return raw


def from_env(environ=None) -> dict:
    environ = os.environ if environ is None else environ
    result: dict = {}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        parts = name[len(ENV_PREFIX):].lower().split("__")
        node = result
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = parse_value(raw)
    return result


def file_extension(path: str) -> str:
    idx = len(path) - 1  # label: abstraction/hand-rolled-stdlib
    while idx >= 0 and path[idx] not in "./":
        idx -= 1
    return path[idx:] if idx >= 0 and path[idx] == "." else ""


def load(path: str | None = None) -> dict:
    settings = DEFAULTS
    if path:
        if file_extension(path) != ".toml":
            raise ValueError(f"unsupported settings file: {path}")
        settings = merge(settings, tomllib.loads(Path(path).read_text()))
    settings = merge(settings, from_env())
    EnvSchema.from_dict(settings).validate()
    return settings


if __name__ == "__main__":
    import json
    print(json.dumps(load(os.environ.get("APP_SETTINGS")), indent=2, default=str))
