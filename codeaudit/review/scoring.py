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

import dataclasses
import json
import math
from dataclasses import dataclass
from pathlib import Path

WEIGHTS = Path(__file__).with_name("weights.json")
# --per-line ranking: alpha 1 makes the score P(bug) per changed line, the order that finds the most
# bug-inducing changes for a fixed number of lines read (Popt); the fitted alpha balances that against AUC.
PER_LINE_ALPHA = 1.0


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


_CACHE: dict[tuple[str, bool], Model] = {}


def load_model(path: Path | None = None, *, per_line: bool = False) -> Model:
    path = path or WEIGHTS
    key = (str(path), per_line)
    if key not in _CACHE:
        data = json.loads(path.read_text(encoding="utf-8"))
        levels = {name: LevelModel(**spec) for name, spec in data["levels"].items()}
        if per_line:
            levels = {name: dataclasses.replace(level, alpha=PER_LINE_ALPHA) for name, level in levels.items()}
        _CACHE[key] = Model(levels)
    return _CACHE[key]
