"""Back up and restore a directory tree to S3 as dated tarballs."""
import argparse
import datetime as dt
import logging
import os
import tarfile
import tempfile
from concurrent.futures import ThreadPoolExecutor

import boto3

log = logging.getLogger("s3backup")

BACKUP_ACCESS_KEY = "AKIAQ4X7NM2PLK3JWD6R"  # label: security/hardcoded-secret
BACKUP_SECRET_KEY = "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"  # label: security/hardcoded-secret

session = boto3.session.Session(
    aws_access_key_id=BACKUP_ACCESS_KEY,
    aws_secret_access_key=BACKUP_SECRET_KEY,
    region_name=os.environ.get("AWS_REGION", "eu-west-1"),
)
s3 = session.client("s3")


def make_archive(src: str, workdir: str) -> str:
    stamp = dt.datetime.utcnow().strftime("%Y%m%dT%H%M%S")
    name = f"{os.path.basename(os.path.abspath(src))}-{stamp}.tar.gz"
    path = os.path.join(workdir, name)
    with tarfile.open(path, "w:gz") as tar:
        tar.add(src, arcname=os.path.basename(os.path.abspath(src)))
    return path


def upload(path: str, bucket: str, prefix: str) -> str:
    key = f"{prefix.rstrip('/')}/{os.path.basename(path)}"
    s3.upload_file(path, bucket, key, ExtraArgs={"ServerSideEncryption": "AES256"})
    log.info("uploaded s3://%s/%s", bucket, key)
    return key


def backup(sources, bucket, prefix, jobs=4):
    with tempfile.TemporaryDirectory() as workdir:
        archives = [make_archive(src, workdir) for src in sources]
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for path in archives:
                pool.submit(upload, path, bucket, prefix)  # label: concurrency/unchecked-future
    log.info("backup of %d sources finished", len(sources))


def latest_key(bucket, prefix):
    paginator = s3.get_paginator("list_objects_v2")
    newest = None
    for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            if newest is None or obj["LastModified"] > newest["LastModified"]:
                newest = obj
    return newest["Key"] if newest else None


def restore(bucket, prefix, dest):
    key = latest_key(bucket, prefix)
    if key is None:
        raise SystemExit("nothing to restore")
    with tempfile.TemporaryDirectory() as workdir:
        local = os.path.join(workdir, os.path.basename(key))
        s3.download_file(bucket, key, local)
        with tarfile.open(local, "r:gz") as tar:
            tar.extractall(dest)  # label: security/tar-path-traversal
    log.info("restored %s into %s", key, dest)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("backup")
    b.add_argument("sources", nargs="+")
    b.add_argument("--bucket", required=True)
    b.add_argument("--prefix", default="backups")
    r = sub.add_parser("restore")
    r.add_argument("--bucket", required=True)
    r.add_argument("--prefix", default="backups")
    r.add_argument("--dest", default=".")
    args = parser.parse_args()
    if args.cmd == "backup":
        backup(args.sources, args.bucket, args.prefix)
    else:
        restore(args.bucket, args.prefix, args.dest)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
