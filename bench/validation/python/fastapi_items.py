"""FastAPI CRUD endpoints for inventory items."""
import subprocess
import time
from typing import Optional

import httpx
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, validator

app = FastAPI()
ITEMS: dict[int, dict] = {}


class Item(BaseModel):
    name: str
    price: float
    sku: Optional[str] = None

    @validator("price")  # label: ai-tell/deprecated-api
    def price_positive(cls, v):
        if v <= 0:
            raise ValueError("price must be positive")
        return v


@app.post("/items/{item_id}")
async def create_item(item_id: int, item: Item):
    if item_id in ITEMS:
        raise HTTPException(status_code=409, detail="exists")
    ITEMS[item_id] = item.model_dump()
    return ITEMS[item_id]


@app.get("/items/{item_id}/thumbnail")
async def thumbnail(item_id: int):
    src = f"/data/images/{item_id}.png"
    result = subprocess.run(["convert", src, "-resize", "128x128", "-"], capture_output=True)  # label: concurrency/blocking-call-in-async
    return {"size": len(result.stdout)}


@app.get("/items/{item_id}/supplier")
async def supplier_price(item_id: int, supplier_url: str):
    async with httpx.AsyncClient() as client:
        resp = await client.get(supplier_url, params={"sku": ITEMS[item_id]["sku"]})  # label: security/ssrf
    return resp.json()


@app.get("/items/{item_id}/manual")
async def manual(item_id: int):
    text = open(f"/data/manuals/{item_id}.txt").read()  # label: concurrency/blocking-call-in-async
    return {"text": text}


@app.post("/items/sync")
async def sync_items(urls: list[str]):
    synced = 0
    for url in urls:
        async with httpx.AsyncClient(timeout=5) as client:  # label: efficiency/client-per-iteration
            resp = await client.get(url)
        if resp.status_code == 200:
            synced += 1
    return {"synced": synced, "at": time.time()}
