"""Download a list of URLs in parallel with a thread pool and track statistics."""
import hashlib
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import requests

log = logging.getLogger(__name__)

stats = {"ok": 0, "failed": 0, "bytes": 0}
_stats_lock = threading.Lock()


def _target_path(out_dir: str, url: str) -> str:
    digest = hashlib.sha1(url.encode()).hexdigest()[:16]
    return os.path.join(out_dir, digest)


def download_one(url: str, out_dir: str) -> str | None:
    try:
        resp = requests.get(url, stream=True)  # label: security/missing-timeout
        resp.raise_for_status()
    except requests.RequestException as exc:
        log.warning("failed %s: %s", url, exc)
        stats["failed"] += 1  # label: concurrency/unsynchronized-shared-state
        return None
    path = _target_path(out_dir, url)
    size = 0
    with open(path, "wb") as fh:
        for chunk in resp.iter_content(64 * 1024):
            fh.write(chunk)
            size += len(chunk)
    _stats_lock.acquire()  # label: concurrency/lock-without-finally
    stats["ok"] += 1
    stats["bytes"] += size
    _stats_lock.release()
    return path


def checksum(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def checksum_file(path: str) -> str:
    with ThreadPoolExecutor(max_workers=1) as pool:  # label: efficiency/executor-per-call
        return pool.submit(checksum, path).result()


def download_all(urls, out_dir="downloads", workers=8):
    os.makedirs(out_dir, exist_ok=True)
    pool = ThreadPoolExecutor(max_workers=workers)
    for url in urls:
        pool.submit(download_one, url, out_dir)  # label: concurrency/unchecked-future
    pool.shutdown(wait=True)
    return dict(stats)


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO)
    with open(sys.argv[1]) as fh:
        url_list = [line.strip() for line in fh if line.strip()]
    print(download_all(url_list))
