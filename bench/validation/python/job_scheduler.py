"""Async job scheduler that polls a queue and dispatches handlers."""
import asyncio
import logging

log = logging.getLogger(__name__)


class JobScheduler:
    def __init__(self, queue: asyncio.Queue, concurrency: int = 4):
        self.queue = queue
        self.concurrency = concurrency
        self.handlers = {}
        self._running = False

    def register(self, kind, handler):
        self.handlers[kind] = handler

    async def _run_job(self, job):
        handler = self.handlers.get(job["kind"])
        if handler is None:
            log.warning("no handler for %s", job["kind"])
            return
        await handler(job)

    async def heartbeat(self):
        while self._running:
            log.debug("scheduler alive, %d queued", self.queue.qsize())
            await asyncio.sleep(5)

    async def start(self):
        self._running = True
        asyncio.create_task(self.heartbeat())  # label: concurrency/dropped-task-reference
        while self._running:
            job = await self.queue.get()
            try:
                await self._run_job(job)
            finally:
                self.queue.task_done()

    def stop(self):
        self._running = False


async def cleanup_handler(job):
    await asyncio.sleep(0.1)
    log.info("cleaned %s", job.get("target"))


async def report_handler(job):
    summary = asyncio.run(build_summary(job))  # label: concurrency/nested-event-loop
    log.info("report: %s", summary)


async def build_summary(job):
    await asyncio.sleep(0)
    return {"job": job.get("id"), "ok": True}


async def main():
    queue = asyncio.Queue()
    scheduler = JobScheduler(queue)
    scheduler.register("cleanup", cleanup_handler)
    scheduler.register("report", report_handler)
    for i in range(10):
        queue.put_nowait({"id": i, "kind": "cleanup" if i % 2 else "report", "target": f"t{i}"})
    runner = asyncio.create_task(scheduler.start())
    await queue.join()
    scheduler.stop()
    runner.cancel()


if __name__ == "__main__":
    asyncio.run(main())
