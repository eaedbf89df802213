"""FastAPI service that builds PDF-ready report payloads from an upstream analytics API."""
import os
import time
import json
from pathlib import Path

import requests
from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import FileResponse

app = FastAPI(title="report-service")

ANALYTICS_URL = os.environ.get("ANALYTICS_URL", "https://analytics.internal/api/v2")
REPORT_DIR = Path(os.environ.get("REPORT_DIR", "/var/reports"))
session = requests.Session()
session.headers.update({"Accept": "application/json"})


def _load_template(name: str) -> dict:
    with open(REPORT_DIR / "templates" / f"{name}.json") as fh:
        return json.load(fh)


async def fetch_metrics(account_id: str, period: str) -> dict:
    resp = session.get(f"{ANALYTICS_URL}/accounts/{account_id}/metrics", params={"period": period})  # label: concurrency/blocking-call-in-async; security/no-timeout
    resp.raise_for_status()
    return resp.json()


@app.get("/reports/{account_id}")
async def build_report(account_id: str, period: str = Query("30d")):
    template = _load_template("default")
    attempts = 0
    while True:
        try:
            metrics = await fetch_metrics(account_id, period)
            break
        except requests.RequestException:
            attempts += 1
            if attempts >= 3:
                raise HTTPException(status_code=502, detail="analytics unavailable")
            time.sleep(2 ** attempts)  # label: concurrency/blocking-sleep-in-async
    sections = []
    for section in template["sections"]:
        key = section["metric"]
        sections.append({"title": section["title"], "value": metrics.get(key)})
    return {"account": account_id, "period": period, "sections": sections}


@app.get("/reports/{account_id}/download")
async def download_report(account_id: str, filename: str):
    target = os.path.join(REPORT_DIR, account_id, filename)
    if not os.path.isfile(target):
        raise HTTPException(status_code=404, detail="not found")
    return FileResponse(target, media_type="application/pdf")  # label: security/path-traversal


@app.get("/health")
async def health():
    return {"ok": True, "reports": len(list(REPORT_DIR.glob("*/*.pdf")))}
