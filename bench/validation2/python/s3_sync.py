"""Sync a local directory of build artifacts to S3 and prune stale objects."""
import argparse
import hashlib
import mimetypes
import os

import boto3

AWS_ACCESS_KEY_ID = "AKIAQ3EGWX7ZL5TJ2NMB"  # label: security/hardcoded-secret
AWS_SECRET_ACCESS_KEY = "p8Vd1q6RZ0xQeW3sT9uYbN4kLmHc7JfGa2oEiB5r"  # label: security/hardcoded-secret
DEFAULT_BUCKET = "your-bucket-name"  # label: ai-tell/placeholder-value


def s3_client():
    return boto3.client(
        "s3",
        aws_access_key_id=AWS_ACCESS_KEY_ID,
        aws_secret_access_key=AWS_SECRET_ACCESS_KEY,
        region_name=os.environ.get("AWS_REGION", "eu-west-1"),
    )


def md5_file(path):
    h = hashlib.md5()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def remote_etags(bucket, prefix):
    resp = s3_client().list_objects_v2(Bucket=bucket, Prefix=prefix)
    return {obj["Key"]: obj["ETag"].strip('"') for obj in resp.get("Contents", [])}  # label: correctness/missing-pagination


def upload_changed(local_dir, bucket, prefix, dry_run=False):
    remote = remote_etags(bucket, prefix)
    uploaded = []
    for root, _dirs, files in os.walk(local_dir):
        for name in files:
            path = os.path.join(root, name)
            key = prefix + os.path.relpath(path, local_dir).replace(os.sep, "/")
            if remote.get(key) == md5_file(path):
                continue
            if not dry_run:
                content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
                s3_client().upload_file(path, bucket, key, ExtraArgs={"ContentType": content_type})  # label: efficiency/client-per-iteration
            uploaded.append(key)
    return uploaded, remote


def prune(bucket, remote_keys, local_keys, dry_run=False):
    stale = [k for k in remote_keys if k not in local_keys]
    if stale and not dry_run:
        s3_client().delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in stale]})
    return stale


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("local_dir")
    parser.add_argument("--bucket", default=DEFAULT_BUCKET)
    parser.add_argument("--prefix", default="artifacts/")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()

    uploaded, remote = upload_changed(args.local_dir, args.bucket, args.prefix, args.dry_run)
    local_keys = set(uploaded) | {k for k in remote if os.path.exists(os.path.join(args.local_dir, k[len(args.prefix):]))}
    stale = prune(args.bucket, remote, local_keys, args.dry_run)
    print(f"uploaded {len(uploaded)}, pruned {len(stale)}")


if __name__ == "__main__":
    main()
