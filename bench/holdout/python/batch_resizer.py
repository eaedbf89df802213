"""Run CPU-bound jobs over a work list with a bounded pool and collect failures."""
from __future__ import annotations

import logging
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass
class Progress:
    total: int
    done: int = 0
    failed: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, item: str, ok: bool) -> None:
        with self._lock:
            self.done += 1
            if not ok:
                self.failed.append(item)

    def snapshot(self) -> tuple[int, int, int]:
        with self._lock:
            return self.total, self.done, len(self.failed)


def score_document(text: str) -> int:
    words = text.split()
    return sum(len(w) for w in words if w.isalpha())


def score_all(docs: dict[str, str], workers: int = 4) -> dict[str, int]:
    scores: dict[str, int] = {}
    progress = Progress(total=len(docs))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(score_document, text): name for name, text in docs.items()}
        for fut in as_completed(futures):
            name = futures[fut]
            try:
                scores[name] = fut.result()
            except Exception:
                log.exception("scoring %s failed", name)
                progress.record(name, ok=False)
                raise
            progress.record(name, ok=True)
    return scores


def read_all(paths: list[str], workers: int = 8) -> dict[str, str]:
    def read(path: str) -> str:
        with open(path, encoding="utf-8") as fh:
            return fh.read()

    out: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for path, text in zip(paths, pool.map(read, paths)):
            out[path] = text
    return out


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO)
    documents = read_all(sys.argv[1:])
    for doc, score in sorted(score_all(documents).items(), key=lambda kv: -kv[1]):
        print(f"{score:8d}  {doc}")
