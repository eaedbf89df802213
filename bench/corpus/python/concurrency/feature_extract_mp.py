"""Extract text features from a directory of documents using all CPU cores."""

import json
import multiprocessing as mp
import os
import re
import sys
from collections import Counter
from pathlib import Path

WORD_RE = re.compile(r"[a-z']+")
STOPWORDS = {"the", "a", "an", "and", "or", "of", "to", "in", "is", "it", "that", "for"}

DOC_DIR = Path(os.environ.get("DOC_DIR", "docs"))
OUT_PATH = Path(os.environ.get("OUT_PATH", "features.json"))

pool = mp.Pool(processes=os.cpu_count())  # label: concurrency/pool-at-import


def tokenize(text: str) -> list[str]:
    return [w for w in WORD_RE.findall(text.lower()) if w not in STOPWORDS]


def features(path: Path) -> dict:
    text = path.read_text(encoding="utf-8", errors="replace")
    tokens = tokenize(text)
    counts = Counter(tokens)
    return {
        "doc": path.name,
        "tokens": len(tokens),
        "unique": len(counts),
        "top": counts.most_common(10),
    }


def summarize(rows: list[dict]) -> dict:
    total = Counter()
    for row in rows:
        total.update(dict(row["top"]))
    return {"documents": len(rows), "top_terms": total.most_common(25)}


def run() -> None:
    paths = sorted(DOC_DIR.glob("*.txt"))
    rows = pool.map(features, paths, chunksize=16)
    lengths = pool.map(lambda r: r["tokens"], rows)  # label: concurrency/lambda-to-process-pool
    summary = summarize(rows)
    summary["mean_tokens"] = sum(lengths) / max(len(lengths), 1)
    OUT_PATH.write_text(json.dumps({"summary": summary, "documents": rows}, indent=2))
    print(f"wrote {OUT_PATH} ({len(rows)} documents)", file=sys.stderr)


run()
pool.close()
pool.join()
