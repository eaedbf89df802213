"""Check a set of mirror URLs concurrently and verify the checksum of a reference file."""
import asyncio
import hashlib
import logging
from dataclasses import dataclass

import httpx

log = logging.getLogger(__name__)
TIMEOUT = httpx.Timeout(10.0, connect=5.0)


@dataclass
class MirrorResult:
    url: str
    ok: bool
    latency: float | None = None
    error: str | None = None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def check_mirror(client: httpx.AsyncClient, base: str, path: str, expected: str) -> MirrorResult:
    url = base.rstrip("/") + "/" + path.lstrip("/")
    loop = asyncio.get_running_loop()
    start = loop.time()
    try:
        resp = await client.get(url)
        resp.raise_for_status()
    except httpx.HTTPError as exc:
        return MirrorResult(url, ok=False, error=str(exc))
    elapsed = loop.time() - start
    digest = await asyncio.to_thread(sha256_hex, resp.content)
    if digest != expected:
        return MirrorResult(url, ok=False, latency=elapsed, error="checksum mismatch")
    return MirrorResult(url, ok=True, latency=elapsed)


async def check_all(mirrors: list[str], path: str, expected: str, limit: int = 10) -> list[MirrorResult]:
    sem = asyncio.Semaphore(limit)

    async def bounded(client, base):
        async with sem:
            return await check_mirror(client, base, path, expected)

    async with httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=True) as client:
        async with asyncio.TaskGroup() as tg:
            tasks = [tg.create_task(bounded(client, m)) for m in mirrors]
    return [t.result() for t in tasks]


def main(mirrors: list[str], path: str, expected: str) -> int:
    results = asyncio.run(check_all(mirrors, path, expected))
    for r in sorted(results, key=lambda r: (not r.ok, r.latency or 0.0)):
        status = "OK " if r.ok else "BAD"
        latency = f"{r.latency * 1000:.0f}ms" if r.latency is not None else "-"
        print(f"{status} {latency:>7} {r.url} {r.error or ''}")
    return 0 if any(r.ok for r in results) else 1


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO)
    sys.exit(main(sys.argv[3:], sys.argv[1], sys.argv[2]))
