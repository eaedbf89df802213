"""FastAPI relay that forwards signed events to customer-registered callback URLs."""
import hashlib
import hmac
import os

import httpx
from fastapi import FastAPI, Header, HTTPException, Request
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel, HttpUrl

app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],  # label: security/permissive-cors-with-credentials
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)

RELAY_SECRET = os.environ["RELAY_SECRET"].encode()
subscriptions: dict[str, str] = {}


class Subscription(BaseModel):
    account: str
    callback_url: HttpUrl


@app.post("/subscriptions")
async def subscribe(sub: Subscription):
    subscriptions[sub.account] = str(sub.callback_url)
    return {"account": sub.account, "callback": subscriptions[sub.account]}


@app.post("/events/{account}")
async def relay(account: str, request: Request, x_signature: str = Header("")):
    body = await request.body()
    digest = hmac.new(RELAY_SECRET, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(digest, x_signature):
        raise HTTPException(status_code=403, detail="bad signature")
    target = subscriptions.get(account)
    if not target:
        raise HTTPException(status_code=404, detail="no subscription")
    async with httpx.AsyncClient(verify=False, timeout=10) as client:  # label: security/tls-verify-disabled
        resp = await client.post(target, content=body, headers={"Content-Type": "application/json"})
    return {"status": resp.status_code}


@app.get("/preview")
async def preview(url: str):
    async with httpx.AsyncClient(timeout=None) as client:  # label: security/no-timeout
        resp = await client.get(url)  # label: security/ssrf
    return {"status": resp.status_code, "length": len(resp.content), "type": resp.headers.get("content-type")}
