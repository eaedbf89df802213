"""Per-repository result cache.

An entry is keyed by the file's content hash, its path, the codeaudit version,
the rule files and the configuration, so any change to one of them misses.
Entries are JSON (never pickle: the cache folder sits in the audited
repository, and unpickling a planted file would run code), written atomically,
and any entry that does not read back as expected is ignored and rebuilt.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from codeaudit.results import Diagnostic, FileResult
from codeaudit.finding import Finding

CACHE_DIR = ".codeaudit_cache"
FORMAT = 1


class Cache:
    def __init__(self, root: Path, salt: str) -> None:
        self.folder = root / CACHE_DIR / f"v{FORMAT}"
        self.salt = salt

    def key(self, relpath: str, data: bytes) -> str:
        digest = hashlib.sha256()
        for part in (self.salt.encode(), relpath.encode(), hashlib.sha256(data).digest()):
            digest.update(len(part).to_bytes(8, "big") + part)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> FileResult | None:
        try:
            payload = json.loads(self._path(key).read_text(encoding="utf-8"))
            if payload.get("key") != key:
                return None
            return FileResult(
                path=payload["path"],
                findings=[Finding.from_dict(f) for f in payload["findings"]],
                diagnostics=[Diagnostic(**d) for d in payload["diagnostics"]],
                cached=True,
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, key: str, result: FileResult) -> None:
        payload = {
            "key": key,
            "path": result.path,
            "findings": [f.to_dict() for f in result.findings],
            "diagnostics": [d.to_dict() for d in result.diagnostics],
        }
        target = self._path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.folder.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by codeaudit\n*\n", encoding="utf-8")
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle)
            os.replace(tmp, target)
        except OSError:
            pass  # a read-only checkout still gets its results, just no cache
