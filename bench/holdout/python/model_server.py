"""Minimal inference server: load a checkpoint, accept feature vectors, return predictions."""
import base64
import logging
import pickle

import torch
from flask import Flask, jsonify, request

log = logging.getLogger(__name__)
app = Flask(__name__)

CHECKPOINT = "checkpoints/model.pt"
_model = None


def get_model():
    global _model
    if _model is None:
        _model = torch.load(CHECKPOINT, map_location="cpu")  # label: security/unsafe-deserialization
        _model.eval()
    return _model


@app.post("/predict")
def predict():
    body = request.get_json(force=True)
    features = torch.tensor(body["features"], dtype=torch.float32)
    if features.ndim == 1:
        features = features.unsqueeze(0)
    with torch.no_grad():
        logits = get_model()(features)
    probs = torch.softmax(logits, dim=-1)
    return jsonify({"probs": probs.tolist()})


@app.post("/predict/batch")
def predict_batch():
    blob = base64.b64decode(request.form["batch"])
    batch = pickle.loads(blob)  # label: security/unsafe-deserialization
    tensor = torch.as_tensor(batch, dtype=torch.float32)
    with torch.no_grad():
        out = get_model()(tensor)
    return jsonify({"predictions": out.argmax(dim=-1).tolist()})


@app.get("/health")
def health():
    try:
        get_model()
    except Exception:
        log.exception("model failed to load")
        return jsonify({"status": "error"}), 503
    return jsonify({"status": "ok"})


if __name__ == "__main__":
    app.run(port=8080)
