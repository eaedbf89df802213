"""Multi-threaded link checker for documentation sites."""

import logging
import queue
import sys
import threading
from collections import Counter

import requests

log = logging.getLogger("linkcheck")

checked = 0
status_counts: Counter = Counter()
seen: dict[str, int] = {}


def check(url: str) -> int:
    try:
        resp = requests.head(url, allow_redirects=True, timeout=10)
        return resp.status_code
    except requests.RequestException:
        return 0


def worker(urls: "queue.Queue[str]") -> None:
    global checked
    while True:
        try:
            url = urls.get_nowait()
        except queue.Empty:
            return
        if url not in seen:  # label: concurrency/check-then-act-race
            seen[url] = check(url)
        status_counts[seen[url]] += 1  # label: concurrency/unsynchronised-shared-state
        checked += 1  # label: concurrency/unsynchronised-shared-state
        urls.task_done()


def progress_reporter(total: int, stop: threading.Event) -> None:
    while not stop.wait(2.0):
        log.info("checked %d/%d", checked, total)


def main(path: str, n_threads: int = 8) -> int:
    with open(path) as fh:
        links = [line.strip() for line in fh if line.strip()]
    urls: "queue.Queue[str]" = queue.Queue()
    for link in links:
        urls.put(link)

    stop = threading.Event()
    threading.Thread(target=progress_reporter, args=(len(links), stop)).start()  # label: concurrency/thread-never-joined
    threads = [threading.Thread(target=worker, args=(urls,)) for _ in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    broken = [u for u, s in seen.items() if s == 0 or s >= 400]
    for url in broken:
        print(f"BROKEN {seen[url]} {url}")
    print(dict(status_counts))
    return 1 if broken else 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    sys.exit(main(sys.argv[1]))
