"""Generate thumbnails for every image in a directory using a process pool."""
import argparse
import logging
import os
from multiprocessing import Pool
from pathlib import Path

from PIL import Image

log = logging.getLogger(__name__)
SIZES = {"small": (128, 128), "medium": (512, 512)}
EXTS = {".jpg", ".jpeg", ".png", ".webp"}

pool = Pool(processes=os.cpu_count())  # label: concurrency/pool-at-import


def make_thumbs(src: Path, out_dir: Path) -> list[str]:
    written = []
    with Image.open(src) as img:
        img = img.convert("RGB")
        for label, size in SIZES.items():
            thumb = img.copy()
            thumb.thumbnail(size)
            dest = out_dir / f"{src.stem}_{label}.jpg"
            thumb.save(dest, "JPEG", quality=85)
            written.append(str(dest))
    return written


def collect(src_dir: Path) -> list[Path]:
    return [p for p in src_dir.rglob("*") if p.suffix.lower() in EXTS]


def run(src_dir: Path, out_dir: Path) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    files = collect(src_dir)
    results = pool.map(lambda p: make_thumbs(p, out_dir), files)  # label: concurrency/unpicklable-lambda-to-process-pool
    return sum(len(r) for r in results)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src", type=Path)
    ap.add_argument("out", type=Path)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO)
    count = run(args.src, args.out)
    log.info("wrote %d thumbnails", count)


if __name__ == "__main__":
    main()
