#!/usr/bin/env python3
"""Create compressed, rotated backups of a directory."""
import os
import sys
import tarfile
import time
from datetime import datetime
from pathlib import Path

VERBOSE = False
FILES_ADDED = 0


def log(msg):
    if VERBOSE:
        print(f"[{datetime.now():%H:%M:%S}] {msg}", file=sys.stderr)


def should_skip(path, excludes):
    return any(part in excludes for part in path.parts)


def add_tree(tar, source, excludes):
    global FILES_ADDED  # label: abstraction/global-state
    for root, dirs, files in os.walk(source):
        root_path = Path(root)
        dirs[:] = [d for d in dirs if d not in excludes]
        for name in files:
            full = root_path / name
            if should_skip(full.relative_to(source), excludes):
                continue
            tar.add(full, arcname=full.relative_to(source.parent))
            FILES_ADDED += 1
            log(f"added {full}")


def rotate(dest, keep):
    archives = sorted(dest.glob("backup-*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in archives[keep:]:
        log(f"removing {old}")
        old.unlink()


def parse_args(argv):
    opts = {"keep": 7, "exclude": {".git", "node_modules", "__pycache__"}, "source": None, "dest": None}
    i = 1
    while i < len(argv):  # label: abstraction/hand-rolled-argv
        arg = argv[i]
        if arg in ("-v", "--verbose"):
            opts["verbose"] = True
        elif arg == "--keep":
            i += 1
            opts["keep"] = int(argv[i])
        elif arg.startswith("--keep="):
            opts["keep"] = int(arg.split("=", 1)[1])
        elif arg == "--exclude":
            i += 1
            opts["exclude"].add(argv[i])
        elif arg in ("-h", "--help"):
            print("usage: backup_cli.py [-v] [--keep N] [--exclude NAME] SOURCE DEST")
            sys.exit(0)
        elif opts["source"] is None:
            opts["source"] = Path(arg).resolve()
        elif opts["dest"] is None:
            opts["dest"] = Path(arg).resolve()
        else:
            print(f"unexpected argument: {arg}", file=sys.stderr)
            sys.exit(2)
        i += 1
    if opts["source"] is None or opts["dest"] is None:
        print("SOURCE and DEST are required", file=sys.stderr)
        sys.exit(2)
    return opts


def main(argv):
    global VERBOSE  # label: abstraction/global-state
    opts = parse_args(argv)
    VERBOSE = opts.get("verbose", False)
    dest = opts["dest"]
    dest.mkdir(parents=True, exist_ok=True)
    archive = dest / f"backup-{datetime.now():%Y%m%d-%H%M%S}.tar.gz"
    started = time.monotonic()
    with tarfile.open(archive, "w:gz") as tar:
        add_tree(tar, opts["source"], opts["exclude"])
    rotate(dest, opts["keep"])
    print(f"{archive.name}: {FILES_ADDED} files in {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
