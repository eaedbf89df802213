"""Generate thumbnails for an image library using a process pool."""
import logging
import os
import sys
import shutil
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from PIL import Image

log = logging.getLogger("thumbs")
SIZES = {"small": (128, 128), "medium": (512, 512)}
CDN_DIR = os.environ.get("CDN_DIR", "/srv/cdn/thumbs")
processed = 0


def make_thumbnail(src: str, dest_dir: str, size_name: str) -> str:
    size = SIZES[size_name]
    out = os.path.join(dest_dir, size_name, os.path.basename(src))
    with Image.open(src) as im:
        im = im.convert("RGB")
        im.thumbnail(size, Image.ANTIALIAS)  # label: ai-tell/removed-api
        im.save(out, "JPEG", quality=85)
    return out


def process_batch(paths: list[str], dest_dir: str) -> list[str]:
    with ProcessPoolExecutor() as pool:  # label: concurrency/executor-per-call
        futures = [pool.submit(make_thumbnail, p, dest_dir, name) for p in paths for name in SIZES]
        return [f.result() for f in futures]


def upload_all(outputs: list[str]) -> None:
    global processed

    def _upload(path):
        global processed
        rel = os.path.relpath(path, os.path.dirname(os.path.dirname(path)))
        target = os.path.join(CDN_DIR, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(path, target)
        processed += 1  # label: concurrency/unsynchronized-counter

    with ThreadPoolExecutor(max_workers=8) as pool:
        pool.map(_upload, outputs)


def main(src_dir: str, dest_dir: str, batch_size: int = 50) -> None:
    for name in SIZES:
        os.makedirs(os.path.join(dest_dir, name), exist_ok=True)
    images = sorted(
        os.path.join(src_dir, f) for f in os.listdir(src_dir) if f.lower().endswith((".jpg", ".jpeg", ".png"))
    )
    for start in range(0, len(images), batch_size):
        batch = images[start:start + batch_size]
        outputs = process_batch(batch, dest_dir)
        upload_all(outputs)
        log.info("batch %d done (%d files so far)", start // batch_size, processed)
    log.info("finished: %d thumbnails published", processed)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main(sys.argv[1], sys.argv[2])
