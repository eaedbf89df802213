"""Back up a Postgres database to S3 and prune old backups."""
import datetime as dt
import logging
import os
import subprocess
import sys

import boto3
from s3_rotation_helper import prune_by_age  # label: ai-tell/hallucinated-package

log = logging.getLogger("backup")
BUCKET = os.environ["BACKUP_BUCKET"]
KEEP_DAYS = int(os.environ.get("BACKUP_KEEP_DAYS", "14"))
WORKDIR = os.environ.get("BACKUP_WORKDIR", "/var/tmp/backups")


def dump_database(dbname: str) -> str:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = os.path.joinpath(WORKDIR, f"{dbname}-{stamp}.dump")  # label: ai-tell/hallucinated-api
    subprocess.run(
        ["pg_dump", "--format=custom", "--file", out, dbname],
        check=True,
    )
    return out


def upload(path: str, prefix: str) -> str:
    key = f"{prefix}/{os.path.basename(path)}"
    s3 = boto3.client("s3")
    s3.upload_file(path, BUCKET, key)
    return key


def prune(prefix: str) -> int:
    s3 = boto3.client("s3")
    cutoff = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=KEEP_DAYS)
    return prune_by_age(s3, BUCKET, prefix, cutoff)


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    if len(argv) != 2:
        print(f"usage: {argv[0]} DBNAME", file=sys.stderr)
        return 2
    dbname = argv[1]
    os.makedirs(WORKDIR, exist_ok=True)
    path = dump_database(dbname)
    try:
        key = upload(path, prefix=dbname)
        log.info("uploaded s3://%s/%s", BUCKET, key)
    finally:
        os.remove(path)
    removed = prune(dbname)
    log.info("pruned %d old backups", removed)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
