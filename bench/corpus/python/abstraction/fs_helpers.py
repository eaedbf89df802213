"""Small filesystem helpers shared by the ingestion scripts."""
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path


def sha256_of(path, chunk_size=1 << 20):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(chunk_size), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_json(path):
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except:  # label: abstraction/bare-except
        return None


def atomic_write_text(path, text):
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def write_json(path, data):
    atomic_write_text(path, json.dumps(data, indent=2, sort_keys=True) + "\n")


def file_size_or_zero(path):
    try:
        return os.path.getsize(path)
    except FileNotFoundError:
        return 0


def move_into(src, dest_dir):
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / Path(src).name
    if target.exists():
        if sha256_of(target) == sha256_of(src):
            os.remove(src)
            return target
        target = dest_dir / f"{target.stem}-{sha256_of(src)[:8]}{target.suffix}"
    shutil.move(src, target)
    return target


def cleanup_dir(path, older_than_s):
    import time

    cutoff = time.time() - older_than_s
    removed = 0
    for entry in os.scandir(path):
        try:
            if entry.is_file() and entry.stat().st_mtime < cutoff:
                os.remove(entry.path)
                removed += 1
        except:  # label: abstraction/bare-except
            pass
    return removed


def ensure_empty_dir(path):
    path = Path(path)
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path
