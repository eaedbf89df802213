"""Download dataset shards listed in a manifest, verifying checksums."""

import asyncio
import hashlib
import json
import logging
import time
from pathlib import Path

import aiofiles
import aiohttp

log = logging.getLogger("downloader")
CHUNK = 1 << 16


async def download_shard(session: aiohttp.ClientSession, url: str, dest: Path, sha256: str) -> bool:
    digest = hashlib.sha256()
    async with session.get(url) as resp:
        resp.raise_for_status()
        async with aiofiles.open(dest, "wb") as fh:
            async for chunk in resp.content.iter_chunked(CHUNK):
                digest.update(chunk)
                await fh.write(chunk)
    ok = digest.hexdigest() == sha256
    if not ok:
        log.error("checksum mismatch for %s", dest.name)
    return ok


async def download_with_retry(url: str, dest: Path, sha256: str, attempts: int = 3) -> bool:
    for attempt in range(1, attempts + 1):
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=600)) as session:  # label: concurrency/session-per-request
                return await download_shard(session, url, dest, sha256)
        except aiohttp.ClientError as exc:
            log.warning("attempt %d for %s failed: %s", attempt, url, exc)
            time.sleep(2 ** attempt)  # label: concurrency/blocking-sleep-in-async
    return False


async def download_manifest(manifest_path: Path, out_dir: Path) -> dict[str, bool]:
    manifest = json.loads(manifest_path.read_text())  # label: concurrency/blocking-io-in-async
    out_dir.mkdir(parents=True, exist_ok=True)
    results = {}
    for shard in manifest["shards"]:
        results[shard["name"]] = await download_with_retry(shard["url"], out_dir / shard["name"], shard["sha256"])  # label: concurrency/sequential-await-in-loop
    return results


def main(manifest: str, out: str) -> None:
    logging.basicConfig(level=logging.INFO)
    results = asyncio.run(download_manifest(Path(manifest), Path(out)))
    failed = [name for name, ok in results.items() if not ok]
    print(f"{len(results) - len(failed)} ok, {len(failed)} failed")


if __name__ == "__main__":
    import sys

    main(sys.argv[1], sys.argv[2])
