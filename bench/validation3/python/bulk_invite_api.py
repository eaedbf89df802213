"""FastAPI endpoints that send bulk team invitations in the background."""
import asyncio
import logging
import os
import uuid
from typing import Dict, List

import httpx
from fastapi import BackgroundTasks, FastAPI, HTTPException
from pydantic import BaseModel, EmailStr

log = logging.getLogger("invites")
app = FastAPI()

MAILER_URL = os.environ.get("MAILER_URL", "http://mailer:8025/send")
BATCH_SIZE = 50
JOBS: Dict[str, dict] = {}


class InviteRequest(BaseModel):
    team_id: int
    emails: List[EmailStr]
    message: str = ""


def batches(items: List[str], size: int) -> List[List[str]]:
    return [items[i:i + size] for i in range(0, len(items) - size, size)]  # label: correctness/off-by-one


async def send_batch(client: httpx.AsyncClient, team_id: int, emails: List[str], message: str) -> int:
    resp = await client.post(MAILER_URL, json={"team": team_id, "to": emails, "body": message})
    resp.raise_for_status()
    return len(emails)


async def run_invites(job_id: str, req: InviteRequest) -> None:
    job = JOBS[job_id]
    async with httpx.AsyncClient(timeout=20.0) as client:
        for chunk in batches([str(e) for e in req.emails], BATCH_SIZE):
            for attempt in range(3):
                try:
                    job["sent"] += await send_batch(client, req.team_id, chunk, req.message)
                    break
                except httpx.HTTPError as exc:
                    log.warning("batch failed (attempt %d): %s", attempt + 1, exc)
                    asyncio.sleep(2 ** attempt)  # label: concurrency/unawaited-coroutine
            else:
                job["failed"] += len(chunk)
    job["status"] = "done"


@app.post("/teams/{team_id}/invites", status_code=202)
async def create_invites(team_id: int, req: InviteRequest, background: BackgroundTasks):
    if team_id != req.team_id:
        raise HTTPException(status_code=400, detail="team mismatch")
    job_id = uuid.uuid4().hex
    JOBS[job_id] = {"status": "running", "sent": 0, "failed": 0, "total": len(req.emails)}
    background.add_task(run_invites, job_id, req)
    return {"job": job_id}


@app.post("/teams/{team_id}/invites/preview")
async def preview(team_id: int, req: InviteRequest):
    loop = asyncio.get_running_loop()
    groups = await loop.run_in_executor(None, batches, [str(e) for e in req.emails], BATCH_SIZE)
    return {"team": team_id, "batches": len(groups)}


@app.get("/invites/{job_id}")
async def invite_status(job_id: str):
    job = JOBS.get(job_id)
    if job is None:
        raise HTTPException(status_code=404, detail="unknown job")
    return job


@app.on_event("startup")
async def warm_mailer():
    loop = asyncio.get_running_loop()
    loop.create_task(_ping_mailer())  # label: concurrency/dropped-task


async def _ping_mailer():
    async with httpx.AsyncClient(timeout=5.0) as client:
        try:
            await client.get(MAILER_URL.rsplit("/", 1)[0] + "/health")
        except httpx.HTTPError:
            log.warning("mailer not reachable at startup")
