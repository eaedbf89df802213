"""FastAPI service that accepts zipped report bundles and serves extracted files."""
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from fastapi import FastAPI, File, HTTPException, UploadFile
from fastapi.responses import FileResponse

app = FastAPI(title="bundle-service")
STORAGE = Path(os.environ.get("BUNDLE_ROOT", "/srv/bundles"))
MAX_BYTES = 50 * 1024 * 1024


@app.post("/bundles/{bundle_id}")
async def upload_bundle(bundle_id: str, archive: UploadFile = File(...)):
    if not bundle_id.isalnum():
        raise HTTPException(status_code=400, detail="invalid bundle id")
    tmp_path = tempfile.mktemp(suffix=".zip")  # label: security/insecure-tempfile
    with open(tmp_path, "wb") as out:
        shutil.copyfileobj(archive.file, out)  # label: concurrency/blocking-call-in-async
    if os.path.getsize(tmp_path) > MAX_BYTES:
        os.remove(tmp_path)
        raise HTTPException(status_code=413, detail="bundle too large")

    dest = STORAGE / bundle_id
    dest.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(tmp_path) as zf:
        for member in zf.infolist():
            target = dest / member.filename
            if member.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(member) as src, open(target, "wb") as dst:  # label: security/zip-slip
                shutil.copyfileobj(src, dst)
    os.remove(tmp_path)
    os.chmod(dest, 0o777)  # label: security/world-writable-permissions
    return {"bundle": bundle_id, "files": sum(1 for p in dest.rglob("*") if p.is_file())}


@app.get("/bundles/{bundle_id}/files/{file_path:path}")
async def get_file(bundle_id: str, file_path: str):
    target = os.path.join(STORAGE, bundle_id, file_path)  # label: security/path-traversal
    if not os.path.isfile(target):
        raise HTTPException(status_code=404, detail="not found")
    return FileResponse(target)


@app.delete("/bundles/{bundle_id}")
async def delete_bundle(bundle_id: str):
    if not bundle_id.isalnum():
        raise HTTPException(status_code=400, detail="invalid bundle id")
    dest = STORAGE / bundle_id
    if not dest.exists():
        raise HTTPException(status_code=404, detail="not found")
    shutil.rmtree(dest)
    return {"deleted": bundle_id}
