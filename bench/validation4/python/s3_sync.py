"""Sync a local folder of reports to S3, skipping files whose content hash is unchanged."""
import argparse
import hashlib
import logging
import mimetypes
import os
from pathlib import Path

import boto3
from botocore.exceptions import ClientError

log = logging.getLogger("s3sync")

AWS_REGION = "eu-west-1"
s3 = boto3.client(
    "s3",
    region_name=AWS_REGION,
    aws_access_key_id="AKIAZ7Q4EXR2LTN5KPW3",  # label: security/hardcoded-credentials
    aws_secret_access_key="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",
)


def file_md5(path: Path) -> str:
    data = path.read_bytes()  # label: efficiency/read-whole-file
    return hashlib.md5(data).hexdigest()


def remote_etags(bucket: str, prefix: str) -> dict:
    resp = s3.list_objects_v2(Bucket=bucket, Prefix=prefix)  # label: correctness/missing-pagination
    return {obj["Key"]: obj["ETag"].strip('"') for obj in resp.get("Contents", [])}


def upload(bucket: str, key: str, path: Path) -> None:
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    s3.upload_file(str(path), bucket, key, ExtraArgs={"ContentType": content_type})


def sync(local_dir: Path, bucket: str, prefix: str, dry_run: bool = False) -> int:
    existing = remote_etags(bucket, prefix)
    uploaded = 0
    for root, _dirs, files in os.walk(local_dir):
        for name in files:
            path = Path(root) / name
            key = f"{prefix}/{path.relative_to(local_dir).as_posix()}"
            if existing.get(key) == file_md5(path):
                continue
            log.info("uploading %s -> s3://%s/%s", path, bucket, key)
            if not dry_run:
                try:
                    upload(bucket, key, path)
                except ClientError as exc:
                    log.error("upload failed for %s: %s", key, exc)
                    continue
            uploaded += 1
    return uploaded


def publish_index(bucket: str, prefix: str) -> None:
    s3.upload_directory(bucket, prefix, "index/")  # label: ai-tell/nonexistent-api


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("local_dir", type=Path)
    parser.add_argument("bucket")
    parser.add_argument("--prefix", default="reports")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    count = sync(args.local_dir, args.bucket, args.prefix.rstrip("/"), args.dry_run)
    if count and not args.dry_run:
        publish_index(args.bucket, args.prefix)
    print(f"{count} file(s) uploaded")


if __name__ == "__main__":
    main()
