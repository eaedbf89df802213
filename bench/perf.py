"""Speed and memory of codeaudit against bandit on the same tree, in the same run.

    python bench/perf.py TREE [--jobs 2] [--skip-bandit]

Measures, each as wall time of a fresh process:
  bandit -r TREE (single process, its only mode), the anchor;
  codeaudit cold full scan (empty cache) with --jobs N;
  codeaudit warm re-scan (cache filled by the cold run);
  codeaudit on a single ~300-line file with --no-cache (the pre-commit case);
and peak resident memory of each run, summed over its processes (sampled from /proc).
Prints a markdown table with ratios; machine noise cancels out in the ratios.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _tree_rss_mib(root_pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total / 2**20


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, int, float]:
    """(wall seconds, exit code, peak RSS in MiB summed over the command's process tree, sampled every 250 ms)."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_mib(proc.pid))
        time.sleep(0.25)
    wall = time.perf_counter() - started
    stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({proc.returncode}):\n{stderr[-2000:]}")
    return wall, proc.returncode, peak


def pick_single_file(tree: Path) -> Path:
    """The Python file whose length is closest to 300 lines."""
    best, best_gap = None, None
    for path in sorted(tree.rglob("*.py")):
        try:
            lines = path.read_bytes().count(b"\n")
        except OSError:
            continue
        gap = abs(lines - 300)
        if best_gap is None or gap < best_gap:
            best, best_gap = path, gap
    assert best is not None, "no Python file in the tree"
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tree", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-bandit", action="store_true")
    args = parser.parse_args()
    source = args.tree.resolve()
    codeaudit = [sys.executable, "-m", "codeaudit", "scan", "-f", "json", "-o", os.devnull]
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        # A private copy so the cache starts empty and never lands in the measured tree.
        tree = Path(scratch) / source.name
        shutil.copytree(source, tree, symlinks=True)
        files = sum(1 for _ in tree.rglob("*.py"))
        lines = sum(p.read_bytes().count(b"\n") for p in tree.rglob("*.py"))
        print(f"tree: {source} ({files} .py files, {lines} lines), jobs={args.jobs}", flush=True)
        if not args.skip_bandit:
            bandit = timed(["bandit", "-q", "-r", str(tree), "-f", "json", "-o", os.devnull])
            rows.append(("bandit -r (1 process)", bandit))
        cold = timed([*codeaudit, "--jobs", str(args.jobs), str(tree)], cwd=tree)
        rows.append((f"codeaudit cold, --jobs {args.jobs}", cold))
        warm = timed([*codeaudit, "--jobs", str(args.jobs), str(tree)], cwd=tree)
        rows.append(("codeaudit warm re-scan", warm))
        single = pick_single_file(tree)
        one = timed([*codeaudit, "--no-cache", str(single)], cwd=tree)
        count = single.read_bytes().count(b"\n")
        rows.append((f"codeaudit one file ({count} lines), no cache", one))
    print("\n| run | wall s | peak RSS MiB (all processes) |\n|---|---|---|")
    for name, (wall, _, rss) in rows:
        print(f"| {name} | {wall:.2f} | {rss:.0f} |")
    if not args.skip_bandit:
        print(f"\ncold / bandit = {cold[0] / bandit[0]:.2f}   (target <= 1.0)")
    print(f"warm / cold = {warm[0] / cold[0]:.3f}   (target <= 0.1)")
    print(f"one file = {one[0]:.2f} s   (target < 0.6)")


if __name__ == "__main__":
    main()
