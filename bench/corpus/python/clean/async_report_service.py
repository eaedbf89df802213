"""Async report service that offloads blocking work to threads."""

import asyncio
import json
import sqlite3
import subprocess
import time
from functools import partial
from pathlib import Path

from fastapi import FastAPI, HTTPException

app = FastAPI()
DB_PATH = Path("/var/lib/reports/cache.db")
PDF_DIR = Path("/var/lib/reports/pdf")


def _query_report(report_id: int):
    conn = sqlite3.connect(DB_PATH)
    try:
        return conn.execute("SELECT payload FROM reports WHERE id = ?", (report_id,)).fetchone()
    finally:
        conn.close()


def _render_pdf(report_id: int, out: Path) -> int:
    proc = subprocess.run(["wkhtmltopdf", f"http://localhost:8000/r/{report_id}", str(out)], timeout=120)
    return proc.returncode


@app.get("/reports/{report_id}")
async def get_report(report_id: int):
    row = await asyncio.to_thread(_query_report, report_id)
    if row is None:
        raise HTTPException(status_code=404, detail="not found")
    return json.loads(row[0])


@app.post("/reports/{report_id}/pdf")
async def render(report_id: int):
    out = PDF_DIR / f"report-{report_id}.pdf"
    loop = asyncio.get_running_loop()
    code = await loop.run_in_executor(None, partial(_render_pdf, report_id, out))
    if code != 0:
        raise HTTPException(status_code=500, detail="render failed")
    return {"path": str(out)}


@app.get("/slow-health")
async def slow_health():
    started = time.perf_counter()
    await asyncio.sleep(0.05)
    return {"ok": True, "elapsed": time.perf_counter() - started}


@app.get("/reports")
def list_reports(limit: int = 20):
    conn = sqlite3.connect(DB_PATH)
    try:
        rows = conn.execute("SELECT id, title FROM reports ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
    finally:
        conn.close()
    return [{"id": r[0], "title": r[1]} for r in rows]
