"""Inference server: accepts model uploads and cached feature vectors."""

import base64
import io
import logging
import os
import pickle
from pathlib import Path

import numpy as np
import torch
from fastapi import FastAPI, File, HTTPException, UploadFile
from pydantic import BaseModel

log = logging.getLogger("model_server")
app = FastAPI()
MODEL_DIR = Path(os.environ.get("MODEL_DIR", "/var/models"))
_models: dict[str, torch.nn.Module] = {}


class FeaturePayload(BaseModel):
    model: str
    features_b64: str


class PredictRequest(BaseModel):
    model: str
    inputs: list[list[float]]


@app.post("/models/{name}")
async def upload_model(name: str, file: UploadFile = File(...)):
    if not name.isidentifier():
        raise HTTPException(status_code=400, detail="invalid model name")
    raw = await file.read()
    model = torch.load(io.BytesIO(raw), map_location="cpu")  # label: security/unsafe-deserialization
    model.eval()
    _models[name] = model
    log.info("loaded model %s (%d bytes)", name, len(raw))
    return {"name": name, "parameters": sum(p.numel() for p in model.parameters())}


@app.post("/predict")
def predict(req: PredictRequest):
    model = _models.get(req.model)
    if model is None:
        raise HTTPException(status_code=404, detail="unknown model")
    with torch.no_grad():
        out = model(torch.tensor(req.inputs, dtype=torch.float32))
    return {"outputs": out.tolist()}


@app.post("/predict/features")
def predict_features(payload: FeaturePayload):
    model = _models.get(payload.model)
    if model is None:
        raise HTTPException(status_code=404, detail="unknown model")
    features = pickle.loads(base64.b64decode(payload.features_b64))  # label: security/unsafe-deserialization
    arr = np.asarray(features, dtype=np.float32)
    with torch.no_grad():
        out = model(torch.from_numpy(arr))
    return {"outputs": out.tolist()}


@app.get("/models")
def list_models():
    return {"models": sorted(_models)}
