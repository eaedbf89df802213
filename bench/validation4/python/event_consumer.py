"""Asyncio consumer: pulls events from Redis streams, de-duplicates them and forwards batches."""
import asyncio
import json
import logging
import signal

import redis.asyncio as redis

log = logging.getLogger("consumer")

STREAM = "events"
GROUP = "forwarder"
BATCH_SIZE = 100


class Forwarder:
    def __init__(self, client: redis.Redis, sink_queue: asyncio.Queue):
        self.client = client
        self.sink = sink_queue
        self.recent_ids: list[str] = []
        self.running = True

    def is_duplicate(self, event_id: str) -> bool:
        if event_id in self.recent_ids:  # label: efficiency/list-membership
            return True
        self.recent_ids.append(event_id)
        if len(self.recent_ids) > 50_000:
            self.recent_ids = self.recent_ids[-25_000:]
        return False

    async def poll(self) -> None:
        while self.running:
            entries = await self.client.xreadgroup(GROUP, "c1", {STREAM: ">"}, count=BATCH_SIZE, block=5000)
            for _stream, messages in entries or []:
                for msg_id, fields in messages:
                    event = json.loads(fields[b"data"])
                    if not self.is_duplicate(event["id"]):
                        self.sink.put(event)  # label: concurrency/missing-await
                    await self.client.xack(STREAM, GROUP, msg_id)

    async def drain(self, send) -> None:
        batch = []
        while self.running or not self.sink.empty():
            try:
                batch.append(await asyncio.wait_for(self.sink.get(), timeout=1.0))
            except asyncio.TimeoutError:
                pass
            if len(batch) >= BATCH_SIZE or (batch and self.sink.empty()):
                await send(batch)
                batch = []

    def stop(self) -> None:
        self.running = False


async def send_batch(batch: list[dict]) -> None:
    await asyncio.sleep(0.01)
    log.info("forwarded %d events", len(batch))


def flush_metrics(loop: asyncio.AbstractEventLoop, forwarder: Forwarder) -> None:
    loop.run_until_complete(send_batch([{"metric": "dedup_window", "size": len(forwarder.recent_ids)}]))  # label: concurrency/event-loop-misuse


async def main() -> None:
    client = redis.Redis.from_url("redis://localhost:6379/0")
    queue: asyncio.Queue = asyncio.Queue(maxsize=10_000)
    fwd = Forwarder(client, queue)
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, fwd.stop)
    try:
        await asyncio.gather(fwd.poll(), fwd.drain(send_batch))
    finally:
        flush_metrics(loop, fwd)
        await client.aclose()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    asyncio.run(main())
