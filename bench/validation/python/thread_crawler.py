"""Crawl a list of URLs with a thread pool and count status codes."""
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor

import requests

status_counts = {}
bytes_downloaded = 0
stats_lock = threading.Lock()


def fetch(url):
    global bytes_downloaded
    resp = requests.get(url, timeout=10)
    status_counts[resp.status_code] = status_counts.get(resp.status_code, 0) + 1  # label: concurrency/unsynchronized-shared-state
    stats_lock.acquire()  # label: concurrency/lock-without-finally
    bytes_downloaded += len(resp.content)
    stats_lock.release()
    return resp.status_code


def crawl(urls):
    queue = list(urls)
    done = []
    while queue:
        batch = []
        while queue and len(batch) < 8:
            batch.append(queue.pop(0))  # label: efficiency/list-pop-front
        pool = ThreadPoolExecutor(max_workers=8)  # label: concurrency/executor-per-call
        futures = [pool.submit(fetch, u) for u in batch]
        pool.shutdown(wait=True)
        done.extend(futures)
    return done


def crawl_breadth_first(seed, max_pages=100):
    frontier = deque([seed])
    visited = set()
    while frontier and len(visited) < max_pages:
        url = frontier.popleft()
        if url in visited:
            continue
        visited.add(url)
        try:
            fetch(url)
        except requests.RequestException as exc:
            print(f"skip {url}: {exc}")
    return visited


if __name__ == "__main__":
    urls = [f"https://example.com/page/{i}" for i in range(40)]
    crawl(urls)
    print(status_counts, bytes_downloaded)
