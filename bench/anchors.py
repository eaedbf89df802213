#!/usr/bin/env python3
"""Run the anchor tools (bandit, ruff, flake8-async) over a benchmark corpus.

    python bench/anchors.py --corpus bench/corpus/python --out bench/out/

Writes one result file per tool into --out and prints each path with its wall
time.  Tools that are not installed are reported and skipped; a tool exiting
non-zero because it found issues is normal and not an error.  Score the output
with bench/score.py (the command lines are printed at the end).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Anchor:
    name: str  # result name used by score.py
    category: str  # category all its findings count for
    filename: str
    argv: list[str]  # {corpus} is substituted
    available: callable


def _has_exe(name: str):
    return lambda: shutil.which(name) is not None


def _has_flake8_async() -> bool:
    return shutil.which("flake8") is not None and importlib.util.find_spec("flake8_async") is not None


def _has_bandit_sarif() -> bool:
    if shutil.which("bandit") is None:
        return False
    # bandit's SARIF formatter needs the optional extra: pip install "bandit[sarif]"
    return importlib.util.find_spec("sarif_om") is not None


ANCHORS = [
    Anchor("bandit", "security", "bandit.sarif",
           ["bandit", "-r", "-q", "-f", "sarif", "{corpus}"], _has_bandit_sarif),
    Anchor("ruff-S", "security", "ruff-S.sarif",
           ["ruff", "check", "--no-cache", "--isolated", "--select", "S", "--output-format", "sarif", "{corpus}"],
           _has_exe("ruff")),
    Anchor("ruff-ASYNC", "concurrency", "ruff-ASYNC.sarif",
           ["ruff", "check", "--no-cache", "--isolated", "--preview", "--select", "ASYNC,RUF006",
            "--output-format", "sarif", "{corpus}"],
           _has_exe("ruff")),
    Anchor("flake8-async", "concurrency", "flake8-async.txt",
           ["flake8", "--isolated", "--select", "ASYNC", "--format", "%(path)s:%(row)d:%(col)d: %(code)s %(text)s",
            "{corpus}"],
           _has_flake8_async),
]

INSTALL_HINT = {
    "bandit": 'pip install "bandit[sarif]"',
    "ruff-S": "pip install ruff",
    "ruff-ASYNC": "pip install ruff",
    "flake8-async": "pip install flake8 flake8-async",
}


def _valid_output(anchor: Anchor, text: str) -> bool:
    if anchor.filename.endswith(".sarif"):
        try:
            return "runs" in json.loads(text)
        except json.JSONDecodeError:
            return False
    return True


def run(corpus: Path, out: Path, only: list[str] | None = None) -> list[dict]:
    out.mkdir(parents=True, exist_ok=True)
    report = []
    for anchor in ANCHORS:
        if only and anchor.name not in only:
            continue
        entry = {"tool": anchor.name, "category": anchor.category}
        if not anchor.available():
            entry.update(status="missing", hint=INSTALL_HINT[anchor.name])
            print(f"[skip] {anchor.name}: not installed ({INSTALL_HINT[anchor.name]})")
            report.append(entry)
            continue
        argv = [a.replace("{corpus}", str(corpus)) for a in anchor.argv]
        started = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        path = out / anchor.filename
        path.write_text(proc.stdout, encoding="utf-8")
        ok = _valid_output(anchor, proc.stdout)
        entry.update(
            status="ok" if ok else "error",
            path=str(path),
            seconds=round(elapsed, 3),
            exit_code=proc.returncode,
            command=" ".join(argv),
        )
        report.append(entry)
        if ok:
            print(f"[ok]   {anchor.name:<13} {elapsed:7.2f}s  exit={proc.returncode}  -> {path}")
        else:
            print(f"[fail] {anchor.name:<13} {elapsed:7.2f}s  exit={proc.returncode}  unusable output; "
                  f"stderr: {proc.stderr.strip()[:400]}")
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path("bench/corpus/python"))
    ap.add_argument("--out", type=Path, default=Path("bench/out"))
    ap.add_argument("--only", action="append", choices=[a.name for a in ANCHORS], help="run only these tools")
    ap.add_argument("--json", action="store_true", help="also write <out>/anchors.json")
    args = ap.parse_args(argv)

    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    report = run(args.corpus, args.out, args.only)
    if args.json:
        (args.out / "anchors.json").write_text(json.dumps(report, indent=2), encoding="utf-8")

    done = [r for r in report if r["status"] == "ok"]
    score = Path(__file__).resolve().parent / "score.py"
    for cat in ("security", "concurrency"):
        tools = [r for r in done if r["category"] == cat]
        if not tools:
            continue
        results = " ".join(f"{r['tool']}={r['path']}" for r in tools)
        forced = " ".join(f"--tool-category {r['tool']}={cat}" for r in tools)
        print(f"\nscore: python {score.relative_to(Path.cwd()) if score.is_relative_to(Path.cwd()) else score} "
              f"--corpus {args.corpus} --category {cat} {forced} {results}")
    return 0 if all(r["status"] != "error" for r in report) else 1


if __name__ == "__main__":
    sys.exit(main())
