"""Combine risk features into one score per item with a fitted logistic model.

weights.json holds, per level (commit / file / hunk), the feature names, their
standardisation, the logistic coefficients and an effort exponent. It is written
by ``bench/ranking/evaluate.py --fit`` from SZZ-labelled history of calibration
projects; nothing here is hand-tuned. Score = 100 * P(bug) / (1 + lines changed) ** alpha,
where P(bug) = sigmoid(z) is the model's probability that the item induces a bug: a
risk density (alpha = 1 would be expected bugs per line changed). alpha is fitted to
balance discrimination (ROC AUC) against effort-awareness (Popt): small risky changes first.
Using P rather than its log-odds z matters: z keeps growing with size where P saturates.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

WEIGHTS = Path(__file__).with_name("weights.json")


@dataclass
class LevelModel:
    features: list[str]
    mean: list[float]
    std: list[float]
    coef: list[float]
    intercept: float
    alpha: float


class Model:
    def __init__(self, levels: dict[str, LevelModel]) -> None:
        self.levels = levels

    def score(self, level: str, x: dict[str, float]) -> tuple[float, dict[str, float]]:
        model = self.levels.get(level) or self.levels.get("commit") or next(iter(self.levels.values()))
        contributions: dict[str, float] = {}
        z = model.intercept
        for name, mean, std, coef in zip(model.features, model.mean, model.std, model.coef):
            value = coef * (x.get(name, mean) - mean) / (std or 1.0)  # missing (e.g. no author in diff mode): mean
            contributions[name] = value
            z += value
        effort = math.expm1(x.get("log_added", 0.0)) + math.expm1(x.get("log_deleted", 0.0))
        z = max(-50.0, min(50.0, z))
        log_density = -math.log1p(math.exp(-z)) - model.alpha * math.log1p(effort)  # log P - alpha*log(1+e)
        return 100.0 * math.exp(log_density), contributions


_CACHE: dict[str, Model] = {}


def load_model(path: Path | None = None) -> Model:
    path = path or WEIGHTS
    key = str(path)
    if key not in _CACHE:
        data = json.loads(path.read_text(encoding="utf-8"))
        _CACHE[key] = Model({name: LevelModel(**spec) for name, spec in data["levels"].items()})
    return _CACHE[key]
