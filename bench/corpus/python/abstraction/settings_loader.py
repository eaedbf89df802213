"""Load service settings from a TOML file, environment and the command line."""
from __future__ import annotations

import argparse
import functools
import logging
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

LOG_LEVELS = ["DEBUG", "INFO", "WARNING"]


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 2
    log_level: str = "INFO"
    allowed_origins: tuple[str, ...] = field(default_factory=tuple)


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        log.warning("ignoring non-integer %s=%r", name, raw)
        return default


@functools.lru_cache(maxsize=None)
def read_file(path: str) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Run the API server")
    parser.add_argument("--config", type=Path, default=Path("settings.toml"))
    parser.add_argument("--host")
    parser.add_argument("--port", type=int)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--log-level", choices=LOG_LEVELS)
    return parser


def load_settings(argv: list[str] | None = None) -> Settings:
    args = build_parser().parse_args(argv)
    file_cfg: dict = {}
    if args.config.exists():
        try:
            file_cfg = read_file(str(args.config)).get("server", {})
        except tomllib.TOMLDecodeError as exc:
            raise SystemExit(f"invalid config {args.config}: {exc}") from exc

    defaults = Settings()
    host = args.host or os.environ.get("APP_HOST") or file_cfg.get("host", defaults.host)
    port = args.port or env_int("APP_PORT", file_cfg.get("port", defaults.port))
    workers = args.workers or env_int("APP_WORKERS", file_cfg.get("workers", defaults.workers))
    level = (args.log_level or os.environ.get("APP_LOG_LEVEL") or file_cfg.get("log_level", defaults.log_level)).upper()
    if level not in LOG_LEVELS:
        raise SystemExit(f"unsupported log level {level}")
    origins = tuple(file_cfg.get("allowed_origins", ()))
    return Settings(host=host, port=port, workers=workers, log_level=level, allowed_origins=origins)


def describe(settings: Settings) -> str:
    text = f"listening on {settings.host}:{settings.port}"
    text += f" with {settings.workers} workers"
    if settings.allowed_origins:
        text += f", CORS origins: {', '.join(settings.allowed_origins)}"
    return text


if __name__ == "__main__":
    s = load_settings()
    logging.basicConfig(level=s.log_level)
    print(describe(s))
