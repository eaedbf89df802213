"""Pluggable blob storage used by the upload service."""
from __future__ import annotations

import abc
import logging
import os
from pathlib import Path
from typing import BinaryIO, Iterator, Protocol, runtime_checkable

log = logging.getLogger(__name__)


class StorageError(Exception):
    """Raised when a backend cannot complete an operation."""


@runtime_checkable
class SupportsClose(Protocol):
    def close(self) -> None:
        ...


class BlobStore(abc.ABC):
    """Interface every storage backend implements."""

    @abc.abstractmethod
    def put(self, key: str, data: BinaryIO) -> int:
        """Store the stream under ``key`` and return the number of bytes written."""

    @abc.abstractmethod
    def open(self, key: str) -> BinaryIO:
        pass

    @abc.abstractmethod
    def delete(self, key: str) -> None:
        pass

    def list(self, prefix: str = "") -> Iterator[str]:
        raise NotImplementedError(f"{type(self).__name__} does not support listing")

    def exists(self, key: str) -> bool:
        try:
            self.open(key).close()
        except FileNotFoundError:
            return False
        return True


class LocalStore(BlobStore):
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root):
            raise StorageError(f"key escapes storage root: {key!r}")
        return path

    def put(self, key: str, data: BinaryIO) -> int:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        with path.open("wb") as fh:
            for chunk in iter(lambda: data.read(64 * 1024), b""):
                fh.write(chunk)
                written += len(chunk)
        return written

    def open(self, key: str) -> BinaryIO:
        return self._path(key).open("rb")

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink()
        except FileNotFoundError:
            log.debug("delete of missing key %s ignored", key)

    def list(self, prefix: str = "") -> Iterator[str]:
        for path in sorted(self.root.rglob("*")):
            if path.is_file():
                key = path.relative_to(self.root).as_posix()
                if key.startswith(prefix):
                    yield key


def parse_quota(value: str | None, default: int = 10 * 1024**3) -> int:
    """Parse a quota like '512M' or '20G'; fall back to ``default`` when unset or malformed."""
    if not value:
        return default
    units = {"K": 1024, "M": 1024**2, "G": 1024**3}
    suffix = value[-1].upper()
    try:
        if suffix in units:
            return int(value[:-1]) * units[suffix]
        return int(value)
    except ValueError:
        return default


def close_quietly(obj: object) -> None:
    if isinstance(obj, SupportsClose):
        obj.close()


def store_from_env() -> BlobStore:
    kind = os.environ.get("BLOB_BACKEND", "local")
    if kind == "local":
        return LocalStore(os.environ.get("BLOB_ROOT", "./data/blobs"))
    raise StorageError(f"unknown BLOB_BACKEND {kind!r}")
