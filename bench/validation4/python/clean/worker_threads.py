"""Resize jobs with a thread pool; a small locked cache avoids duplicate downloads."""
import logging
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed

import requests

log = logging.getLogger(__name__)


class DownloadCache:
    def __init__(self):
        self._lock = threading.Lock()
        self._data: dict[str, bytes] = {}

    def get(self, url: str, session: requests.Session) -> bytes:
        with self._lock:
            if url in self._data:
                return self._data[url]
        resp = session.get(url, timeout=20)
        resp.raise_for_status()
        with self._lock:
            return self._data.setdefault(url, resp.content)


def process(urls: list[str], workers: int = 8) -> dict[str, int]:
    cache = DownloadCache()
    sizes: dict[str, int] = {}
    with requests.Session() as session, ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(cache.get, u, session): u for u in urls}
        for fut in as_completed(futures):
            url = futures[fut]
            try:
                sizes[url] = len(fut.result())
            except requests.RequestException as exc:
                log.warning("download failed %s: %s", url, exc)
    return sizes


def heartbeat(stop: threading.Event, interval: float = 5.0) -> None:
    while not stop.wait(interval):
        log.info("still working")


def main(urls: list[str]) -> None:
    stop = threading.Event()
    beat = threading.Thread(target=heartbeat, args=(stop,), daemon=True)
    beat.start()
    try:
        print(process(urls))
    finally:
        stop.set()
        beat.join()


if __name__ == "__main__":
    import sys
    logging.basicConfig(level=logging.INFO)
    main(sys.argv[1:])
