#!/usr/bin/env python3
"""Backup and restore helper for project directories."""

import argparse
import datetime as dt
import logging
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

log = logging.getLogger("backup")

DEFAULT_DEST = Path.home() / "backups"


def timestamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def create_backup(source: Path, dest: Path, exclude: list[str]) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    archive = dest / f"{source.name}-{timestamp()}.tar.gz"
    excludes = " ".join(f"--exclude='{pattern}'" for pattern in exclude)
    cmd = f"tar czf {archive} {excludes} -C {source.parent} {source.name}"
    log.info("running %s", cmd)
    subprocess.run(cmd, shell=True, check=True)  # label: security/shell-injection
    return archive


def restore_backup(archive: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:*") as tar:
        tar.extractall(path=target)  # label: security/zip-slip
    log.info("restored %s into %s", archive, target)


def prune_backups(dest: Path, keep: int) -> list[Path]:
    archives = sorted(dest.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    removed = []
    for old in archives[keep:]:
        old.unlink()
        removed.append(old)
    return removed


def upload_backup(archive: Path, remote: str) -> None:
    os.system("rsync -az " + str(archive) + " " + remote)  # label: security/shell-injection


def disk_free(path: Path) -> int:
    return shutil.disk_usage(path).free


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("backup", help="create a backup archive")
    b.add_argument("source", type=Path)
    b.add_argument("--dest", type=Path, default=DEFAULT_DEST)
    b.add_argument("--exclude", action="append", default=[])
    b.add_argument("--remote", help="rsync destination, e.g. user@host:/srv/backups")
    b.add_argument("--keep", type=int, default=7)

    r = sub.add_parser("restore", help="restore an archive")
    r.add_argument("archive", type=Path)
    r.add_argument("target", type=Path)

    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")

    if args.command == "backup":
        if not args.source.is_dir():
            log.error("%s is not a directory", args.source)
            return 2
        if disk_free(args.dest.parent if not args.dest.exists() else args.dest) < 100 * 1024 * 1024:
            log.error("less than 100 MiB free at destination")
            return 1
        archive = create_backup(args.source, args.dest, args.exclude)
        if args.remote:
            upload_backup(archive, args.remote)
        for old in prune_backups(args.dest, args.keep):
            log.info("pruned %s", old)
        print(archive)
    elif args.command == "restore":
        restore_backup(args.archive, args.target)
    return 0


if __name__ == "__main__":
    sys.exit(main())

