"""Async worker that drains a Redis queue and sends email/SMS notifications."""
import asyncio
import json
import logging
import os
import smtplib
from email.message import EmailMessage

import httpx
import redis.asyncio as aioredis

log = logging.getLogger("notify")
QUEUE = "notifications"
SMS_API = "https://sms.example-provider.com/v1/messages"  # label: ai-tell/placeholder-url
MAIL_FROM = os.environ.get("MAIL_FROM", "notifications@localhost")


async def send_sms(client: httpx.AsyncClient, to: str, body: str) -> None:
    resp = await client.post(SMS_API, json={"to": to, "body": body}, timeout=10.0)
    resp.raise_for_status()


async def send_email(to: str, subject: str, body: str) -> None:
    msg = EmailMessage()
    msg["To"], msg["Subject"], msg["From"] = to, subject, MAIL_FROM
    msg.set_content(body)
    with smtplib.SMTP("localhost", 25, timeout=10) as smtp:  # label: concurrency/blocking-call-in-async
        smtp.send_message(msg)


async def audit(redis, job: dict) -> None:
    await redis.lpush("notifications:audit", json.dumps(job))


async def handle(job: dict, client: httpx.AsyncClient, redis) -> None:
    kind = job.get("kind")
    if kind == "sms":
        await send_sms(client, job["to"], job["body"])
    elif kind == "email":
        await send_email(job["to"], job.get("subject", ""), job["body"])
    else:
        log.warning("unknown job kind %r", kind)
        return
    audit(redis, job)  # label: concurrency/unawaited-coroutine


def flush_metrics(redis) -> None:
    asyncio.run(redis.incr("notifications:flushes"))  # label: concurrency/asyncio-run-in-running-loop


async def worker(stop: asyncio.Event) -> None:
    redis = aioredis.from_url("redis://localhost:6379/0")
    async with httpx.AsyncClient() as client:
        while not stop.is_set():
            item = await redis.brpop(QUEUE, timeout=5)
            if item is None:
                continue
            _, raw = item
            try:
                job = json.loads(raw)
                await handle(job, client, redis)
            except (json.JSONDecodeError, KeyError) as exc:
                log.error("dropping malformed job %r: %s", raw, exc)
                await redis.lpush(f"{QUEUE}:dead", raw)
            flush_metrics(redis)
    await redis.aclose()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    asyncio.run(worker(asyncio.Event()))
