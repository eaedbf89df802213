"""Upload files to object storage concurrently with bounded parallelism."""
import asyncio
import hashlib
import os
from pathlib import Path

import aiofiles
import httpx

UPLOAD_URL = os.environ.get("UPLOAD_URL", "https://storage.example.com/upload")


async def read_bytes(path: Path) -> bytes:
    async with aiofiles.open(path, "rb") as fh:
        return await fh.read()


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def upload_one(client: httpx.AsyncClient, sem: asyncio.Semaphore, path: Path):
    async with sem:
        data = await read_bytes(path)
        digest = await asyncio.to_thread(checksum, data)
        resp = await client.put(
            f"{UPLOAD_URL}/{path.name}",
            content=data,
            headers={"X-Checksum-Sha256": digest},
        )
        resp.raise_for_status()
        return path.name, resp.status_code


async def upload_dir(directory: str, limit: int = 8):
    paths = [p for p in Path(directory).iterdir() if p.is_file()]
    sem = asyncio.Semaphore(limit)
    async with httpx.AsyncClient(timeout=httpx.Timeout(30.0)) as client:
        tasks = [asyncio.create_task(upload_one(client, sem, p)) for p in paths]
        results = await asyncio.gather(*tasks, return_exceptions=True)
    ok = [r for r in results if not isinstance(r, BaseException)]
    errors = [r for r in results if isinstance(r, BaseException)]
    for err in errors:
        print(f"upload failed: {err!r}")
    return ok


async def main():
    uploaded = await upload_dir("./outbox")
    print(f"uploaded {len(uploaded)} files")


if __name__ == "__main__":
    asyncio.run(main())
