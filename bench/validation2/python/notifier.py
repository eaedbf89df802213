"""Async notification fan-out: email, Slack and SMS for alert events."""
import asyncio
import json
import logging
import smtplib
from email.message import EmailMessage

import httpx

log = logging.getLogger("notifier")
SLACK_WEBHOOK = "https://hooks.slack.com/services/T000/B000/XXXX"
SMTP_HOST = "smtp.internal"


class Notifier:
    def __init__(self, client: httpx.AsyncClient):
        self.client = client
        self.sent = 0
        self._lock = asyncio.Lock()

    async def slack(self, text: str) -> None:
        resp = await self.client.post(SLACK_WEBHOOK, json={"text": text}, timeout=5)
        resp.raise_for_status()

    async def email(self, to: str, subject: str, body: str) -> None:
        msg = EmailMessage()
        msg["From"] = "alerts@internal"
        msg["To"] = to
        msg["Subject"] = subject
        msg.set_content(body)
        with smtplib.SMTP(SMTP_HOST, 25, timeout=10) as smtp:  # label: concurrency/blocking-call-in-async
            smtp.send_message(msg)

    async def sms(self, number: str, text: str) -> None:
        resp = await self.client.post("https://sms.internal/send", json={"to": number, "text": text}, timeout=5)
        resp.raise_for_status()

    async def record(self) -> None:
        async with self._lock:
            self.sent += 1


async def dispatch(notifier: Notifier, event: dict) -> None:
    text = f"[{event['severity']}] {event['title']}"
    for recipient in event.get("emails", []):
        await notifier.email(recipient, event["title"], json.dumps(event, indent=2))  # label: concurrency/sequential-await
    if event["severity"] in ("critical", "high"):
        asyncio.create_task(notifier.slack(text))  # label: concurrency/dropped-task
    for number in event.get("phones", []):
        notifier.sms(number, text)  # label: concurrency/unawaited-coroutine
    await notifier.record()


def notify_sync(event: dict) -> None:
    async def _run():
        async with httpx.AsyncClient() as client:
            await dispatch(Notifier(client), event)
    asyncio.run(_run())


async def consume(queue: asyncio.Queue) -> None:
    async with httpx.AsyncClient() as client:
        notifier = Notifier(client)
        while True:
            event = await queue.get()
            try:
                if event.get("legacy"):
                    notify_sync(event)  # label: concurrency/nested-event-loop
                else:
                    await dispatch(notifier, event)
            except Exception:
                log.exception("dispatch failed for %s", event.get("id"))
            finally:
                queue.task_done()
