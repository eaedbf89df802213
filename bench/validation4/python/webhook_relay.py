"""FastAPI service that verifies incoming webhooks and relays them to subscriber URLs."""
import asyncio
import hashlib
import hmac
import json
import logging
import os
import time

import httpx
import requests
from fastapi import FastAPI, Header, HTTPException, Request
from pydantic import BaseModel, HttpUrl

log = logging.getLogger("relay")
app = FastAPI(title="webhook-relay")

SIGNING_SECRET = os.environ["RELAY_SIGNING_SECRET"].encode()
RETRY_DELAYS = (1, 2, 5)


class Subscription(BaseModel):
    topic: str
    callback: HttpUrl


subscriptions: dict[str, list[str]] = {}


def _expected_signature(body: bytes) -> str:
    return hmac.new(SIGNING_SECRET, body, hashlib.sha256).hexdigest()


async def record_delivery(topic: str, url: str, status: int) -> None:
    await asyncio.sleep(0)
    log.info("delivered %s to %s -> %s", topic, url, status)


async def deliver(client: httpx.AsyncClient, topic: str, url: str, payload: dict) -> None:
    for delay in RETRY_DELAYS:
        try:
            resp = await client.post(url, json=payload)
            record_delivery(topic, url, resp.status_code)  # label: concurrency/missing-await
            if resp.status_code < 500:
                return
        except httpx.TransportError as exc:
            log.warning("delivery to %s failed: %s", url, exc)
        time.sleep(delay)  # label: concurrency/blocking-call-in-async


@app.post("/subscriptions", status_code=201)
async def subscribe(sub: Subscription):
    subscriptions.setdefault(sub.topic, []).append(str(sub.callback))
    return {"topic": sub.topic, "count": len(subscriptions[sub.topic])}


@app.post("/hooks/{topic}")
async def receive(topic: str, request: Request, x_signature: str = Header(...)):
    body = await request.body()
    if _expected_signature(body) != x_signature:  # label: security/timing-unsafe-compare
        raise HTTPException(status_code=401, detail="bad signature")
    payload = json.loads(body)
    targets = subscriptions.get(topic, [])
    async with httpx.AsyncClient(timeout=10) as client:
        await asyncio.gather(*(deliver(client, topic, url, payload) for url in targets))
    return {"relayed": len(targets)}


@app.get("/preview")
async def preview(url: str):
    resp = requests.get(url, timeout=5)  # label: security/ssrf; concurrency/blocking-call-in-async
    return {"status": resp.status_code, "length": len(resp.content)}
