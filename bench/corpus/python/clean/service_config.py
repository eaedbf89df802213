"""Load service configuration from YAML plus environment overrides."""

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

log = logging.getLogger(__name__)


@dataclass
class DatabaseConfig:
    url: str
    pool_size: int = 5


@dataclass
class ServiceConfig:
    name: str
    debug: bool = False
    database: DatabaseConfig = field(default_factory=lambda: DatabaseConfig(url="sqlite:///app.db"))
    api_key: str = ""
    allowed_origins: list[str] = field(default_factory=list)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load_config(path: Path) -> ServiceConfig:
    with path.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh) or {}
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: top level must be a mapping")
    db = raw.get("database") or {}
    cfg = ServiceConfig(
        name=raw.get("name", "service"),
        debug=_env_bool("SERVICE_DEBUG", bool(raw.get("debug", False))),
        database=DatabaseConfig(
            url=os.environ.get("DATABASE_URL", db.get("url", "sqlite:///app.db")),
            pool_size=int(db.get("pool_size", 5)),
        ),
        api_key=os.environ.get("SERVICE_API_KEY", ""),
        allowed_origins=list(raw.get("allowed_origins") or []),
    )
    if not cfg.api_key:
        log.warning("SERVICE_API_KEY is not set; outbound calls will fail")
    log.info("loaded config for %s (debug=%s, api_key set=%s)", cfg.name, cfg.debug, bool(cfg.api_key))
    return cfg


def dump_config(cfg: ServiceConfig) -> str:
    data = {
        "name": cfg.name,
        "debug": cfg.debug,
        "database": {"url": cfg.database.url, "pool_size": cfg.database.pool_size},
        "allowed_origins": cfg.allowed_origins,
    }
    return yaml.safe_dump(data, sort_keys=False)
