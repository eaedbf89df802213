"""Async notification fan-out: email via SMTP, chat via webhook."""
import asyncio
import logging
import os
import smtplib
from email.message import EmailMessage
from typing import Iterable

import aiohttp

log = logging.getLogger("notify")

SMTP_HOST = os.environ.get("SMTP_HOST", "localhost")
SMTP_PORT = int(os.environ.get("SMTP_PORT", "587"))
CHAT_WEBHOOK = os.environ["CHAT_WEBHOOK_URL"]


def build_email(to: str, subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = os.environ.get("SMTP_FROM", "alerts@localhost")
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content(body)
    return msg


async def send_email(to: str, subject: str, body: str) -> None:
    msg = build_email(to, subject, body)
    with smtplib.SMTP(SMTP_HOST, SMTP_PORT, timeout=10) as smtp:  # label: concurrency/blocking-call-in-async
        smtp.starttls()
        smtp.login(os.environ["SMTP_USER"], os.environ["SMTP_PASSWORD"])
        smtp.send_message(msg)
    log.info("mailed %s", to)


async def post_chat(session: aiohttp.ClientSession, text: str) -> int:
    async with session.post(CHAT_WEBHOOK, json={"text": text}) as resp:
        return resp.status


def _format(event: dict) -> str:
    sev = event.get("severity", "info").upper()
    return f"[{sev}] {event['service']}: {event['message']}"


async def notify(event: dict, recipients: Iterable[str]) -> dict:
    text = _format(event)
    connector = aiohttp.TCPConnector(ssl=False, limit=20)  # label: security/tls-verify-disabled
    timeout = aiohttp.ClientTimeout(total=15)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        mails = [send_email(r, f"{event['service']} alert", text) for r in recipients]
        results = await asyncio.gather(post_chat(session, text), *mails, return_exceptions=True)
    failures = [r for r in results if isinstance(r, Exception)]
    for exc in failures:
        log.error("delivery failed: %r", exc)
    return {"sent": len(results) - len(failures), "failed": len(failures)}


async def drain(queue: "asyncio.Queue[dict]", recipients):
    while True:
        event = await queue.get()
        try:
            await notify(event, recipients)
        finally:
            queue.task_done()


async def notify_sync_bridge(event: dict, recipients) -> dict:
    loop = asyncio.get_event_loop()
    return loop.run_until_complete(notify(event, recipients))  # label: concurrency/event-loop-misuse


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    demo = {"service": "billing", "severity": "critical", "message": "queue backlog > 10k"}
    print(asyncio.run(notify(demo, ["oncall@example.org"])))
