"""Disk cache for rendered pages plus file checksum utilities."""

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any, Optional

CACHE_DIR = Path(os.environ.get("CACHE_DIR", "/var/cache/render"))


def cache_key(template: str, context: dict[str, Any]) -> str:
    blob = json.dumps({"t": template, "c": context}, sort_keys=True, default=str).encode()
    return hashlib.md5(blob, usedforsecurity=False).hexdigest()


def file_sha256(path: Path, chunk_size: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(chunk_size), b""):
            digest.update(chunk)
    return digest.hexdigest()


def get(key: str, max_age: float = 300.0) -> Optional[str]:
    path = CACHE_DIR / key[:2] / key
    try:
        if time.time() - path.stat().st_mtime > max_age:
            return None
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def put(key: str, html: str) -> Path:
    target_dir = CACHE_DIR / key[:2]
    target_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target_dir, prefix=".tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(html)
        os.replace(tmp, target_dir / key)
    except BaseException:
        os.unlink(tmp)
        raise
    return target_dir / key


def verify_manifest(root: Path, manifest: dict[str, str]) -> list[str]:
    mismatched = []
    for rel, expected in manifest.items():
        if file_sha256(root / rel) != expected:
            mismatched.append(rel)
    return mismatched
