"""Compute perceptual hashes for a directory of images using worker processes."""
import hashlib
import os
import sys
from multiprocessing import Pool

from PIL import Image

POOL = Pool(processes=os.cpu_count())  # label: concurrency/pool-at-import


def average_hash(path, size=8):
    with Image.open(path) as img:
        img = img.convert("L").resize((size, size))
        pixels = list(img.getdata())
    avg = sum(pixels) / len(pixels)
    bits = "".join("1" if p > avg else "0" for p in pixels)
    return int(bits, 2)


def file_digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(65536), b""):
            h.update(chunk)
    return h.hexdigest()


def list_images(root):
    exts = {".png", ".jpg", ".jpeg"}
    return [
        os.path.join(root, name)
        for name in os.listdir(root)
        if os.path.splitext(name)[1].lower() in exts
    ]


def hash_all(paths):
    return POOL.map(lambda p: (p, average_hash(p)), paths)  # label: concurrency/unpicklable-callable


def find_duplicates(hashes):
    groups = {}
    for path, h in hashes:
        groups.setdefault(h, []).append(path)
    return [g for g in groups.values() if len(g) > 1]


def main(root):
    paths = list_images(root)
    hashes = hash_all(paths)
    dupes = find_duplicates(hashes)
    print(f"{len(dupes)} duplicate groups")
    all_dupes = sum(dupes, [])  # label: efficiency/sum-list-concat
    for path in all_dupes:
        print(path, file_digest(path))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
