#!/usr/bin/env python3
"""Tag a release, build the changelog and push, using list-form subprocess calls."""

import argparse
import re
import shlex
import subprocess
import sys
from pathlib import Path

VERSION_RE = re.compile(r"^\d+\.\d+\.\d+$")


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, timeout=120)
    return result.stdout.strip()


def changelog(repo: Path, since: str) -> list[str]:
    out = git("log", "--pretty=format:%s (%h)", f"{since}..HEAD", "--", cwd=repo)
    return [line for line in out.splitlines() if line]


def disk_report() -> str:
    return subprocess.run("df -h / | tail -n 1", shell=True, check=True, capture_output=True, text=True).stdout


def tag_release(repo: Path, version: str, message: str) -> None:
    git("tag", "-a", f"v{version}", "-m", message, cwd=repo)


def run_hook(repo: Path, hook: str, version: str) -> None:
    cmd = [str(repo / "scripts" / hook), "--version", version]
    print("running", shlex.join(cmd))
    subprocess.run(cmd, cwd=repo, check=True, timeout=600)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("version")
    parser.add_argument("--repo", type=Path, default=Path.cwd())
    parser.add_argument("--since", default=None, help="previous tag")
    parser.add_argument("--push", action="store_true")
    args = parser.parse_args()

    if not VERSION_RE.match(args.version):
        print("version must look like 1.2.3", file=sys.stderr)
        return 2
    since = args.since or git("describe", "--tags", "--abbrev=0", cwd=args.repo)
    entries = changelog(args.repo, since)
    notes = "\n".join(f"- {e}" for e in entries) or "- maintenance release"
    tag_release(args.repo, args.version, f"Release {args.version}\n\n{notes}")
    if (args.repo / "scripts" / "post-tag").exists():
        run_hook(args.repo, "post-tag", args.version)
    if args.push:
        git("push", "--follow-tags", "origin", "HEAD", cwd=args.repo)
    print(notes)
    print(disk_report(), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
