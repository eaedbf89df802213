"""Upload files to object storage in parallel, collecting every result."""

import logging
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import boto3

log = logging.getLogger(__name__)


@dataclass
class UploadResult:
    path: Path
    ok: bool
    error: str | None = None


class BatchUploader:
    def __init__(self, bucket: str, prefix: str = "", workers: int = 8):
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.workers = workers
        self.s3 = boto3.client("s3")

    def _key(self, root: Path, path: Path) -> str:
        rel = path.relative_to(root).as_posix()
        return f"{self.prefix}/{rel}" if self.prefix else rel

    def _upload(self, root: Path, path: Path) -> UploadResult:
        try:
            self.s3.upload_file(str(path), self.bucket, self._key(root, path))
            return UploadResult(path, True)
        except Exception as exc:
            return UploadResult(path, False, str(exc))

    def upload_tree(self, root: Path) -> list[UploadResult]:
        files = [p for p in root.rglob("*") if p.is_file()]
        results: list[UploadResult] = []
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            futures = [pool.submit(self._upload, root, p) for p in files]
            for fut in as_completed(futures):
                result = fut.result()
                if not result.ok:
                    log.warning("upload failed for %s: %s", result.path, result.error)
                results.append(result)
        return results


def summarize(results: list[UploadResult]) -> str:
    failed = sum(1 for r in results if not r.ok)
    return f"{len(results) - failed} uploaded, {failed} failed"


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO)
    uploader = BatchUploader(sys.argv[1], prefix=sys.argv[3] if len(sys.argv) > 3 else "")
    print(summarize(uploader.upload_tree(Path(sys.argv[2]))))
