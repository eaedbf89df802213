"""Generate thumbnails for an image catalogue using a process pool, then write a manifest."""
import json
import logging
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from pathlib import Path

from PIL import Image

log = logging.getLogger("thumbs")
SIZES = {"small": (128, 128), "medium": (512, 512)}


def make_thumbnail(src: str, out_dir: str, label: str) -> str:
    size = SIZES[label]
    dest = Path(out_dir) / label / Path(src).name
    dest.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(src) as img:
        img.thumbnail(size)
        img.save(dest)
    return str(dest)


def render_all(sources: list[str], out_dir: str) -> list[str]:
    written = []
    for src in sources:
        with ProcessPoolExecutor(max_workers=4) as pool:  # label: concurrency/executor-per-item
            futures = [pool.submit(make_thumbnail, src, out_dir, label) for label in SIZES]
            for fut in as_completed(futures):
                written.append(fut.result())
    return written


def cleanup(paths: list[str]) -> None:
    def _remove(p: str) -> None:
        Path(p).unlink()

    with ThreadPoolExecutor(max_workers=8) as pool:
        for p in paths:
            pool.submit(_remove, p)  # label: concurrency/future-exception-ignored


def find_duplicates(paths: list[str]) -> list[tuple[str, str]]:
    dups = []
    names = [Path(p).name for p in paths]
    for i, name in enumerate(names):
        if name in names[:i]:  # label: efficiency/quadratic-membership
            dups.append((paths[names.index(name)], paths[i]))
    return dups


def write_manifest(paths: list[str], out_dir: str) -> Path:
    manifest = Path(out_dir) / "manifest.json"
    manifest.write_text(json.dumps(sorted(paths), indent=2))
    return manifest


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: thumbnail_pool.py SRC_DIR OUT_DIR", file=sys.stderr)
        return 2
    src_dir, out_dir = argv[1], argv[2]
    sources = sorted(str(p) for p in Path(src_dir).rglob("*") if p.suffix.lower() in {".jpg", ".jpeg", ".png"})
    for a, b in find_duplicates(sources):
        log.warning("duplicate name: %s and %s", a, b)
    written = render_all(sources, out_dir)
    keep = set(written)
    stale = [str(p) for p in Path(out_dir).rglob("*.*") if str(p) not in keep and p.name != "manifest.json"]
    cleanup(stale)
    print(write_manifest(written, out_dir))
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    raise SystemExit(main(sys.argv))
