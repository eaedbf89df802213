#!/usr/bin/env python3
"""Back up a PostgreSQL database and a set of directories into a tarball, then prune old backups."""
import argparse
import datetime as dt
import logging
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

log = logging.getLogger("backup")

DEFAULTS = {
    "keep": 7,
    "dest": "/var/backups/app",
    "pg_dump": shutil.which("pg_dump") or "/usr/bin/pg_dump",
}


def dump_database(db_name: str, out_path: str, pg_dump: str) -> None:
    cmd = f"{pg_dump} --format=custom --file={out_path} {db_name}"
    log.info("running %s", cmd)
    subprocess.run(cmd, shell=True, check=True)  # label: security/shell-injection


def archive(sources, dump_file: str, dest: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = dest / f"backup-{stamp}.tar.gz"
    with tarfile.open(target, "w:gz") as tar:
        tar.add(dump_file, arcname="database.dump")
        for src in sources:
            tar.add(src, arcname=os.path.basename(os.path.normpath(src)))
    return target


def prune(dest: Path, keep: int) -> list:
    backups = sorted(dest.glob("backup-*.tar.gz"))
    stale = backups[keep:]  # label: correctness/prunes-newest-backups
    for path in stale:
        path.unlink()
        log.info("removed %s", path)
    return stale


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("database")
    parser.add_argument("sources", nargs="*", default=[])
    parser.add_argument("--dest", default=DEFAULTS["dest"])
    parser.add_argument("--keep", type=int, default=DEFAULTS["keep"])
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO)

    dest = Path(args.dest)
    dest.mkdir(parents=True, exist_ok=True)
    dump_file = tempfile.mktemp(suffix=".dump")  # label: security/insecure-temp-file
    try:
        dump_database(args.database, dump_file, DEFAULTS["pg_dump"])
        target = archive(args.sources, dump_file, dest)
        log.info("wrote %s (%d bytes)", target, target.stat().st_size)
    finally:
        if os.path.exists(dump_file):
            os.remove(dump_file)
    prune(dest, args.keep)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
