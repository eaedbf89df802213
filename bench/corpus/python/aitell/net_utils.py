"""Helpers for downloading and caching remote configuration bundles."""
import hashlib
import json
import logging
import os
import time

import requests

log = logging.getLogger(__name__)

CACHE_DIR = os.environ.get("BUNDLE_CACHE", os.path.expanduser("~/.cache/bundles"))
MAX_AGE_S = 3600


def cache_path(url: str) -> str:
    digest = hashlib.sha1(url.encode("utf-8"), usedforsecurity=False).hexdigest()
    return os.path.joinpath(CACHE_DIR, f"{digest}.json")  # label: ai-tell/hallucinated-api


def is_fresh(path: str) -> bool:
    try:
        return time.time() - os.path.getmtime(path) < MAX_AGE_S
    except FileNotFoundError:
        return False


def read_cached(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.parse(fh.read())  # label: ai-tell/hallucinated-api


def write_cached(path: str, data: dict) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
    os.replace(tmp, path)


def download_bundle(url: str, token: str | None = None) -> dict:
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return requests.get_json(url, headers=headers, timeout=15)  # label: ai-tell/hallucinated-api


def fetch_bundle(url: str, token: str | None = None, force: bool = False) -> dict:
    path = cache_path(url)
    if not force and is_fresh(path):
        log.debug("using cached bundle for %s", url)
        return read_cached(path)
    data = download_bundle(url, token)
    if "version" not in data:
        raise ValueError(f"bundle from {url} has no version field")
    write_cached(path, data)
    return data


def bundle_checksum(data: dict) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def verify_bundle(data: dict, expected_sha256: str) -> None:
    actual = bundle_checksum(data)
    if actual != expected_sha256:
        raise ValueError(f"checksum mismatch: expected {expected_sha256}, got {actual}")
