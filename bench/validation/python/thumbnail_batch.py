"""Generate thumbnails in the background using a process pool."""
import logging
import os
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from PIL import Image

log = logging.getLogger(__name__)
processed = []


def make_thumb(src, dst_dir, size=(256, 256)):
    with Image.open(src) as img:
        img.thumbnail(size)
        dst = os.path.join(dst_dir, os.path.basename(src))
        img.save(dst)
    return dst


def record(dst):
    processed.append(dst)


def generate(sources, dst_dir):
    os.makedirs(dst_dir, exist_ok=True)
    with ProcessPoolExecutor() as pool:
        for src in sources:
            pool.submit(make_thumb, src, dst_dir)  # label: concurrency/unchecked-future
    log.info("submitted %d thumbnails", len(sources))


def upload_all(paths, uploader):
    counter = {"done": 0}

    def worker(path):
        uploader.upload(path)
        counter["done"] += 1  # label: concurrency/unsynchronized-shared-state

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(worker, paths))
    return counter["done"]


def regenerate_missing(sources, dst_dir):
    existing = os.listdir(dst_dir)
    missing = []
    for src in sources:
        if os.path.basename(src) not in existing:  # label: efficiency/linear-membership-in-loop
            missing.append(src)
    for src in missing:
        with ProcessPoolExecutor(max_workers=2) as pool:  # label: concurrency/executor-per-call
            record(pool.submit(make_thumb, src, dst_dir).result())
    return missing
