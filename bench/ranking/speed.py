"""Speed of `codeaudit review`: a synthetic 20-file, 1,000-line change (diff mode, by hunk).

Usage: python bench/ranking/speed.py            (prints seconds, best of 3)
For the 500-commit target time the CLI on a real history, e.g.
  time codeaudit review --repo /work/.mirror/pallets+werkzeug/repo A..B --by commit -f json -o /tmp/r.json
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from codeaudit.review.analysis import review  # noqa: E402


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        git(repo, "init", "-q", "-b", "main")
        git(repo, "config", "user.email", "a@b.c")
        git(repo, "config", "user.name", "A")
        body = "\n".join(f"def f{i}(x):\n    if x > {i}:\n        return x * {i}\n    return {i}\n" for i in range(30))
        for n in range(20):
            (repo / f"m{n}.py").write_text("import os\n\n" + body)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "base")
        base = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
        new = "\n".join(f"def g{i}(path, items):\n    out = []\n    for k in items:\n        if k in out:\n            continue\n"
                        f"        out.append(os.path.join(path, k))\n    return out\n" for i in range(6))  # fmt: skip
        for n in range(20):
            (repo / f"m{n}.py").write_text("import os\n\n" + body + "\n\n" + new)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "change")
        times = []
        for _ in range(3):
            started = time.perf_counter()
            result = review(str(repo), base)
            times.append(time.perf_counter() - started)
        added = sum(i.added for i in result.items)
        print(f"20 files, {added} lines added, {len(result.items)} hunks: best {min(times):.2f} s, runs {[round(t, 2) for t in times]}")


if __name__ == "__main__":
    main()
