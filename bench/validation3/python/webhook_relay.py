"""FastAPI service that relays signed webhooks to subscriber endpoints."""
import hashlib
import hmac
import json
import logging
import os
from typing import List

import requests
from fastapi import FastAPI, Header, HTTPException, Request
from fastapi.middleware.ratelimit import RateLimitMiddleware  # label: ai-tell/nonexistent-import
from pydantic import BaseModel, HttpUrl

log = logging.getLogger("relay")
app = FastAPI(title="webhook-relay")
app.add_middleware(RateLimitMiddleware, requests_per_minute=120)

SIGNING_SECRET = os.environ["RELAY_SIGNING_SECRET"].encode()
SUBSCRIPTIONS: dict = {}


class Subscription(BaseModel):
    topic: str
    callback_url: HttpUrl


class DeliveryResult(BaseModel):
    url: str
    status: int


def _signature(body: bytes) -> str:
    return hmac.new(SIGNING_SECRET, body, hashlib.sha256).hexdigest()


@app.post("/subscriptions", status_code=201)
async def subscribe(sub: Subscription):
    SUBSCRIPTIONS.setdefault(sub.topic, []).append(str(sub.callback_url))
    return {"topic": sub.topic, "count": len(SUBSCRIPTIONS[sub.topic])}


@app.post("/events/{topic}", response_model=List[DeliveryResult])
async def publish(topic: str, request: Request, x_signature: str = Header(...)):
    body = await request.body()
    expected = _signature(body)
    if expected != x_signature:  # label: security/timing-unsafe-compare
        raise HTTPException(status_code=401, detail="bad signature")

    event = json.loads(body)
    results = []
    for url in SUBSCRIPTIONS.get(topic, []):
        resp = requests.post(url, json=event, headers={"X-Relay-Topic": topic})  # label: concurrency/blocking-call-in-async; security/ssrf; security/no-timeout
        results.append(DeliveryResult(url=url, status=resp.status_code))
        log.info("delivered %s to %s -> %s", topic, url, resp.status_code)
    return results


@app.get("/subscriptions/{topic}")
async def list_subscriptions(topic: str):
    return {"topic": topic, "urls": SUBSCRIPTIONS.get(topic, [])}


@app.delete("/subscriptions/{topic}")
async def clear_subscriptions(topic: str):
    removed = SUBSCRIPTIONS.pop(topic, [])
    return {"removed": len(removed)}
