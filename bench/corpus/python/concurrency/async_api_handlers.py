"""FastAPI service exposing reports backed by a local SQLite cache."""

import json
import sqlite3
import subprocess
from pathlib import Path

from fastapi import FastAPI, HTTPException

app = FastAPI()
DB_PATH = Path("/var/lib/reports/cache.db")
TEMPLATES = Path(__file__).parent / "templates"
PDF_DIR = Path("/var/lib/reports/pdf")


@app.get("/reports/{report_id}")
async def get_report(report_id: int):
    conn = sqlite3.connect(DB_PATH)  # label: concurrency/blocking-call-in-async
    try:
        row = conn.execute("SELECT payload FROM reports WHERE id = ?", (report_id,)).fetchone()
    finally:
        conn.close()
    if row is None:
        raise HTTPException(status_code=404, detail="report not found")
    return json.loads(row[0])


@app.get("/templates/{name}")
async def get_template(name: str):
    if not name.isidentifier():
        raise HTTPException(status_code=400, detail="bad template name")
    path = TEMPLATES / f"{name}.json"
    if not path.exists():
        raise HTTPException(status_code=404, detail="no such template")
    content = open(path).read()  # label: concurrency/blocking-io-in-async
    return json.loads(content)


@app.post("/reports/{report_id}/pdf")
async def render_pdf(report_id: int):
    out = PDF_DIR / f"report-{report_id}.pdf"
    proc = subprocess.run(  # label: concurrency/blocking-call-in-async
        ["wkhtmltopdf", f"http://localhost:8000/reports/{report_id}/html", str(out)],
        capture_output=True,
        timeout=120,
    )
    if proc.returncode != 0:
        raise HTTPException(status_code=500, detail="pdf rendering failed")
    return {"path": str(out)}


@app.get("/health")
async def health():
    return {"status": "ok"}


@app.get("/reports")
def list_reports(limit: int = 20):
    conn = sqlite3.connect(DB_PATH)
    try:
        rows = conn.execute("SELECT id, title FROM reports ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
    finally:
        conn.close()
    return [{"id": r[0], "title": r[1]} for r in rows]
