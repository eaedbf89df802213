"""Read service configuration from YAML with typed access and sane defaults."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

log = logging.getLogger(__name__)
DEFAULT_PATH = Path(os.environ.get("SERVICE_CONFIG", "/etc/myservice/config.yaml"))


@dataclass
class ServiceConfig:
    listen: str = "127.0.0.1:8000"
    workers: int = 2
    log_level: str = "INFO"
    upstreams: list[str] = field(default_factory=list)
    request_timeout: float = 10.0


def load_raw(path: Path) -> dict:
    """Return the parsed YAML mapping, or {} if the file does not exist."""
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except FileNotFoundError:
        log.info("no config at %s, using defaults", path)
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: top level must be a mapping, got {type(data).__name__}")
    return data


def load(path: Path = DEFAULT_PATH) -> ServiceConfig:
    raw = load_raw(path)
    known = set(ServiceConfig.__dataclass_fields__)
    unknown = set(raw) - known
    if unknown:
        raise ValueError(f"unknown config keys: {', '.join(sorted(unknown))}")
    cfg = ServiceConfig(**raw)
    if cfg.workers < 1:
        raise ValueError("workers must be >= 1")
    if cfg.request_timeout <= 0:
        raise ValueError("request_timeout must be positive")
    return cfg


def dump(cfg: ServiceConfig) -> str:
    return yaml.safe_dump(cfg.__dict__, sort_keys=True)
