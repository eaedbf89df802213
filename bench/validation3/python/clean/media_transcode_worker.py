"""Async worker that transcodes uploads with ffmpeg without blocking the loop."""
import asyncio
import hashlib
import logging
import os
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger("transcode")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", "/srv/media")).resolve()
PRESETS = {"720p": ["-vf", "scale=-2:720", "-crf", "23"],
           "480p": ["-vf", "scale=-2:480", "-crf", "26"]}


def safe_path(name: str) -> Path:
    candidate = (MEDIA_ROOT / name).resolve()
    if not candidate.is_relative_to(MEDIA_ROOT):
        raise ValueError(f"path escapes media root: {name}")
    return candidate


def checksum(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def transcode_sync(src: Path, preset: str) -> Path:
    dest = src.with_name(f"{src.stem}.{preset}.mp4")
    cmd = ["ffmpeg", "-nostdin", "-y", "-i", str(src), *PRESETS[preset], str(dest)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=3600)
    return dest


async def transcode(src: Path, preset: str) -> Path:
    exe = shutil.which("ffmpeg")
    if exe is None:
        raise RuntimeError("ffmpeg not installed")
    dest = src.with_name(f"{src.stem}.{preset}.mp4")
    proc = await asyncio.create_subprocess_exec(
        exe, "-nostdin", "-y", "-i", str(src), *PRESETS[preset], str(dest),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )
    _, err = await proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"ffmpeg failed: {err.decode(errors='replace')[-500:]}")
    return dest


async def handle(name: str, presets) -> dict:
    src = safe_path(name)
    digest = await asyncio.to_thread(checksum, src)
    outputs = await asyncio.gather(*(transcode(src, p) for p in presets))
    return {"source": str(src), "sha256": digest, "outputs": [str(o) for o in outputs]}


async def worker(queue: "asyncio.Queue[str]", results: list) -> None:
    while True:
        name = await queue.get()
        try:
            results.append(await handle(name, ["720p", "480p"]))
        except (ValueError, RuntimeError) as exc:
            log.error("failed %s: %s", name, exc)
        finally:
            queue.task_done()


async def main(names, concurrency: int = 2) -> list:
    queue: "asyncio.Queue[str]" = asyncio.Queue()
    for n in names:
        queue.put_nowait(n)
    results: list = []
    workers = [asyncio.create_task(worker(queue, results)) for _ in range(concurrency)]
    await queue.join()
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    return results


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO)
    print(asyncio.run(main(sys.argv[1:])))
