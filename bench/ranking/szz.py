"""SZZ ground truth: which commits (and which of their lines) were later blamed by bug fixes.

For one git repository (a bare mirror is fine):
1. window = the non-merge commits of BASE..TIP, where TIP is the ``--skip``-th newest
   non-merge commit (recent commits had no time to be fixed) and BASE lies ``--window``
   non-merge commits further back;
2. fix commits = non-merge commits newer than BASE whose subject matches fix keywords
   (``codeaudit.review.signals.FIX_WORDS``), excluding merges;
3. for each fix, the Python lines it deleted or changed (``git diff -U0 -w fix^ fix``,
   test files, blank and comment lines skipped) are blamed on ``fix^`` (``git blame -w``);
   every blamed commit inside the window is bug-inducing, and the blamed line
   (path and line number in that commit's version) is recorded for hunk labels.

Usage: python bench/ranking/szz.py GIT_DIR --name click -o bench/ranking/out/click.truth.json
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from codeaudit.review.signals import is_fix_message, is_test  # noqa: E402

_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def git(gitdir: str, *args: str) -> str:
    return subprocess.run(["git", f"--git-dir={gitdir}", *args], check=True, capture_output=True, text=True,
                          errors="replace").stdout  # fmt: skip


def deleted_lines(gitdir: str, fix: str) -> dict[str, list[int]]:
    out = git(gitdir, "diff", "-U0", "-w", "--no-color", "--no-renames", f"{fix}^", fix, "--", "*.py")
    lines: dict[str, list[int]] = defaultdict(list)
    path = None
    old = 0
    for line in out.split("\n"):
        if line.startswith("--- "):
            path = line[6:] if line.startswith("--- a/") else None
        elif line.startswith("+++ "):
            continue
        elif line.startswith("@@"):
            match = _HUNK.match(line)
            old = int(match.group(1)) if match else 0
        elif line.startswith("-") and path and not is_test(path):
            text = line[1:].strip()
            if text and not text.startswith("#"):
                lines[path].append(old)
            old += 1
    return lines


def blame(gitdir: str, rev: str, path: str, numbers: list[int]) -> list[tuple[str, str, int]]:
    ranges = []
    for n in sorted(set(numbers)):
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    args = [a for lo, hi in ranges for a in ("-L", f"{lo},{hi}")]
    try:
        out = git(gitdir, "blame", "--porcelain", "-w", *args, rev, "--", path)
    except subprocess.CalledProcessError:
        return []
    result = []
    current: list = []
    filenames: dict[str, str] = {}
    for line in out.split("\n"):
        parts = line.split(" ")
        if len(parts[0]) == 40 and len(parts) >= 3 and all(c in "0123456789abcdef" for c in parts[0]):
            current = [parts[0], int(parts[1])]
        elif line.startswith("filename "):
            filenames[current[0]] = line[9:]
        elif line.startswith("\t") and current:
            result.append((current[0], filenames.get(current[0], path), current[1]))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gitdir")
    parser.add_argument("--name", required=True)
    parser.add_argument("--window", type=int, default=400)
    parser.add_argument("--skip", type=int, default=150)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    newest = git(args.gitdir, "rev-list", "--no-merges", "HEAD").split()
    tip, base = newest[args.skip], newest[args.skip + args.window]
    window = git(args.gitdir, "rev-list", "--no-merges", f"{base}..{tip}").split()
    in_window = set(window)
    log = git(args.gitdir, "log", "--no-merges", "--format=%H%x1f%s", f"{base}..HEAD")
    fixes = [line.split("\x1f", 1)[0] for line in log.split("\n") if line and is_fix_message(line.split("\x1f", 1)[1])]
    buggy: dict[str, set] = defaultdict(set)
    for fix in fixes:
        for path, numbers in deleted_lines(args.gitdir, fix).items():
            for sha, orig_path, orig_line in blame(args.gitdir, f"{fix}^", path, numbers):
                if sha in in_window and sha != fix:
                    buggy[sha].add((orig_path, orig_line))
    data = {
        "project": args.name, "base": base, "tip": tip, "window": window, "fixes": len(fixes),
        "buggy": {sha: sorted(lines) for sha, lines in buggy.items()},
    }  # fmt: skip
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(data), encoding="utf-8")
    print(f"{args.name}: window {len(window)} commits, {len(fixes)} fix commits, {len(buggy)} bug-inducing "
          f"({100 * len(buggy) / max(1, len(window)):.1f}%)")  # fmt: skip


if __name__ == "__main__":
    main()
