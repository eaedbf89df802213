#!/usr/bin/env python3
"""Tag a release: check the working tree, bump the version file, tag and push."""
import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

VERSION_FILE = Path("VERSION")
SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


def git(*args: str, capture: bool = True) -> str:
    result = subprocess.run(
        ["git", *args],
        check=True,
        capture_output=capture,
        text=True,
        timeout=60,
    )
    return result.stdout.strip() if capture else ""


def bump(version: str, part: str) -> str:
    m = SEMVER.match(version)
    if not m:
        raise ValueError(f"not a semantic version: {version!r}")
    major, minor, patch = map(int, m.groups())
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("part", choices=["major", "minor", "patch"])
    ap.add_argument("-m", "--message", default=None, help="tag annotation")
    ap.add_argument("--remote", default="origin")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)

    if shutil.which("git") is None:
        print("git not found on PATH", file=sys.stderr)
        return 1
    if git("status", "--porcelain"):
        print("working tree is dirty; commit or stash first", file=sys.stderr)
        return 1

    current = VERSION_FILE.read_text().strip()
    new = bump(current, args.part)
    tag = f"v{new}"
    message = args.message or f"Release {tag}"
    print(f"{current} -> {new}")
    if args.dry_run:
        return 0

    VERSION_FILE.write_text(new + "\n")
    git("add", "--", str(VERSION_FILE))
    git("commit", "-m", message)
    git("tag", "-a", tag, "-m", message)
    git("push", args.remote, "HEAD", tag, capture=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
