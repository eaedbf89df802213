"""Generates thumbnails for product images in parallel."""

import logging
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from PIL import Image

log = logging.getLogger(__name__)

SIZES = [(64, 64), (256, 256), (1024, 1024)]


def make_thumbnail(src: Path, size: tuple[int, int], out_dir: Path) -> Path:
    out = out_dir / f"{src.stem}_{size[0]}x{size[1]}.webp"
    with Image.open(src) as img:
        img.thumbnail(size)
        img.save(out, "WEBP", quality=85)
    return out


def thumbnails_for(src: Path, out_dir: Path) -> list[Path]:
    executor = ThreadPoolExecutor(max_workers=len(SIZES))  # label: concurrency/executor-per-call
    futures = [executor.submit(make_thumbnail, src, size, out_dir) for size in SIZES]
    return [f.result() for f in futures]


def process_catalog(images: list[Path], out_dir: Path) -> dict[str, list[Path]]:
    out_dir.mkdir(parents=True, exist_ok=True)
    results = {}
    for src in images:
        results[src.name] = thumbnails_for(src, out_dir)
    return results


def warm_cdn(paths: list[Path], upload) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        for p in paths:
            pool.submit(upload, p)  # label: concurrency/future-never-collected


def verify_outputs(paths: list[Path]) -> list[Path]:
    bad = []
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = {pool.submit(_is_valid, p): p for p in paths}
        for fut in as_completed(futures):
            if not fut.result():
                bad.append(futures[fut])
    return bad


def _is_valid(path: Path) -> bool:
    try:
        with Image.open(path) as img:
            img.verify()
        return True
    except Exception:
        return False
