"""Compute perceptual hashes for an image library using a process pool."""

import argparse
import json
import multiprocessing as mp
import os
from pathlib import Path

from PIL import Image

HASH_SIZE = 8


def average_hash(path: Path) -> tuple[str, str | None]:
    try:
        with Image.open(path) as img:
            small = img.convert("L").resize((HASH_SIZE, HASH_SIZE))
            pixels = list(small.getdata())
    except OSError:
        return str(path), None
    avg = sum(pixels) / len(pixels)
    bits = "".join("1" if p > avg else "0" for p in pixels)
    return str(path), f"{int(bits, 2):0{HASH_SIZE * HASH_SIZE // 4}x}"


def hamming(a: str, b: str) -> int:
    return bin(int(a, 16) ^ int(b, 16)).count("1")


def find_duplicates(hashes: dict[str, str], threshold: int) -> list[tuple[str, str]]:
    items = sorted(hashes.items())
    pairs = []
    for i, (pa, ha) in enumerate(items):
        for pb, hb in items[i + 1 :]:
            if hamming(ha, hb) <= threshold:
                pairs.append((pa, pb))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--threshold", type=int, default=4)
    parser.add_argument("--out", type=Path, default=Path("hashes.json"))
    args = parser.parse_args()

    paths = [p for p in args.root.rglob("*") if p.suffix.lower() in {".jpg", ".jpeg", ".png", ".webp"}]
    with mp.Pool(processes=os.cpu_count()) as pool:
        results = pool.map(average_hash, paths, chunksize=32)
    hashes = {p: h for p, h in results if h is not None}
    args.out.write_text(json.dumps(hashes, indent=2))
    for a, b in find_duplicates(hashes, args.threshold):
        print(f"possible duplicate: {a} <-> {b}")


if __name__ == "__main__":
    mp.freeze_support()
    main()
