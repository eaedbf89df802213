"""Sends order notifications over email and chat webhooks."""

import asyncio
import logging
from dataclasses import dataclass

import aiohttp
import aiosmtplib
from email.message import EmailMessage

log = logging.getLogger("notifier")

CHAT_WEBHOOK = "https://chat.example.com/hooks/orders"


@dataclass
class Order:
    id: int
    email: str
    total: float


async def send_email(order: Order) -> None:
    msg = EmailMessage()
    msg["From"] = "shop@example.com"
    msg["To"] = order.email
    msg["Subject"] = f"Order #{order.id} confirmed"
    msg.set_content(f"Thanks! Your total is ${order.total:.2f}.")
    await aiosmtplib.send(msg, hostname="localhost", port=25)


async def post_chat(session: aiohttp.ClientSession, text: str) -> None:
    async with session.post(CHAT_WEBHOOK, json={"text": text}, timeout=aiohttp.ClientTimeout(total=10)) as resp:
        resp.raise_for_status()


async def record_metric(name: str, value: float) -> None:
    await asyncio.sleep(0)
    log.debug("metric %s=%s", name, value)


async def notify(order: Order, session: aiohttp.ClientSession) -> None:
    send_email(order)  # label: concurrency/coroutine-not-awaited
    await post_chat(session, f"New order #{order.id}: ${order.total:.2f}")
    asyncio.create_task(record_metric("orders.notified", 1))  # label: concurrency/task-dropped


async def notify_all(orders: list[Order]) -> None:
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(notify(o, session) for o in orders))


async def handle_batch(orders: list[Order]) -> int:
    asyncio.run(notify_all(orders))  # label: concurrency/asyncio-run-in-async
    return len(orders)


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    orders = [Order(1, "a@example.com", 19.99), Order(2, "b@example.com", 5.00)]
    asyncio.run(notify_all(orders))


if __name__ == "__main__":
    main()
