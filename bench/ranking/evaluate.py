"""Evaluate (and fit) the review ranking against SZZ ground truth, next to two baselines.

Steps (each cached under --work):
  extract  run the real review engine (range mode, commit and hunk levels in one pass) over each
           project's SZZ window and store every item's features with its label;
  fit      logistic regression per level on the calibration projects only (numpy, L2), then the
           effort exponent alpha chosen on the same calibration projects; written to
           codeaudit/review/weights.json with --fit;
  report   ROC AUC, Popt and recall at 20% of changed lines for the model and the baselines
           "lines added, larger first" (LA) and "1/(lines added+deleted), smaller first" (SMALL),
           with bootstrap 95% CIs of AUC(model) - AUC(LA) and Popt(model) - Popt(SMALL), per project and level.

Usage:
  python bench/ranking/evaluate.py --work /tmp/ranking --calibrate click,attrs,jinja \
      --evaluate werkzeug,rich,black --mirrors /work/.mirror [--fit]
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

MIRROR_NAMES = {"click": "pallets+click", "attrs": "python-attrs+attrs", "jinja": "pallets+jinja",
                "werkzeug": "pallets+werkzeug", "rich": "Textualize+rich", "black": "psf+black"}  # fmt: skip


def extract(name: str, work: Path, mirrors: Path, bandit: bool = False, jobs: int = 1) -> dict:
    out = work / f"{name}.features.json"
    if out.exists():
        return json.loads(out.read_text())
    from codeaudit.config import Config
    from codeaudit.review.analysis import review

    truth = json.loads((work / f"{name}.truth.json").read_text())
    gitdir = mirrors / MIRROR_NAMES.get(name, name) / "repo"
    started = time.perf_counter()
    # bandit off by default here: it doubles the audit time and the evaluation must run in minutes.
    result = review(str(gitdir), f"{truth['base']}..{truth['tip']}", by="commit+hunk", config=Config(bandit=bandit), jobs=jobs)
    elapsed = time.perf_counter() - started
    buggy = {sha: {(p, n) for p, n in lines} for sha, lines in truth["buggy"].items()}
    rows = []
    window = set(truth["window"])
    for item in result.items:
        if item.sha not in window:
            continue
        if item.kind == "commit":
            label = int(item.sha in buggy)
        else:
            lines = buggy.get(item.sha, set())
            label = int(item.added > 0 and any(p == item.path and item.start <= n <= item.end for p, n in lines))
        rows.append({"kind": item.kind, "sha": item.sha, "path": item.path, "start": item.start, "added": item.added,
                     "deleted": item.deleted, "x": item.features, "label": label})  # fmt: skip
    data = {"project": name, "commits": result.commits, "seconds": round(elapsed, 1), "rows": rows}
    out.write_text(json.dumps(data))
    return data


def refresh_provenance(name: str, data: dict, work: Path, mirrors: Path) -> dict:
    """Recompute the commit-metadata features ``ai`` and ``bot`` from git (cheap), so features added to the
    engine after an extraction do not need the expensive re-audit. Same functions as the engine uses."""
    import subprocess

    from codeaudit.review import signals

    truth = json.loads((work / f"{name}.truth.json").read_text())
    gitdir = mirrors / MIRROR_NAMES.get(name, name) / "repo"
    out = subprocess.run(["git", f"--git-dir={gitdir}", "log", "--format=%x1e%H%x1f%an%x1f%ae%x1f%B",
                          f"{truth['base']}..{truth['tip']}"], capture_output=True, text=True, check=True).stdout  # fmt: skip
    meta = {}
    for record in out.split("\x1e")[1:]:
        sha, author, email, message = record.split("\x1f", 3)
        meta[sha] = (float(bool(signals.ai_provenance(message.strip(), author, email))), float(signals.bot_author(author, email)))
    for row in data["rows"]:
        ai, bot = meta.get(row["sha"], (0.0, 0.0))
        row["x"]["ai"], row["x"]["bot"] = ai, bot
    return data


def refresh_code_size(name: str, data: dict, work: Path, mirrors: Path) -> dict:
    """Recompute the code-size features (``analysis.code_size``) from each commit's diff, with the engine's own
    diff reader and line counter, so extractions made before those features existed need no re-audit."""
    from codeaudit.review import analysis, gitdiff, signals

    truth = json.loads((work / f"{name}.truth.json").read_text())
    repo = gitdiff.open_repo(str(mirrors / MIRROR_NAMES.get(name, name) / "repo"))
    sizes: dict[tuple, tuple[int, int]] = {}
    for sha in truth["window"]:
        parent = repo.commit(sha).parents
        changes = gitdiff.diff(repo, parent[0].hexsha if parent else None, sha)
        total = [0, 0]
        for change in changes:
            if signals.is_test(change.path) or signals.is_doc(change.path):
                continue
            for hunk in change.hunks:
                size = (signals.code_lines(hunk.added), signals.code_lines(hunk.removed))
                sizes[(sha, change.path, hunk.start)] = size
                total[0] += size[0]
                total[1] += size[1]
        sizes[(sha, None, None)] = tuple(total)
    for row in data["rows"]:
        code_added, code_deleted = sizes.get((row["sha"], row["path"], row["start"]), (0, 0))
        row["x"].update(analysis.code_size(code_added, code_deleted, row["added"]))
    return data


# ---- metrics -------------------------------------------------------------------------------------
def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    pos, neg = labels.sum(), len(labels) - labels.sum()
    if pos == 0 or neg == 0:
        return float("nan")
    _, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    ranks = (ends - (counts - 1) / 2.0)[inverse]  # average ranks for ties (1-based)
    return float((ranks[labels == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))


def _curve(order: np.ndarray, effort: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.concatenate([[0.0], np.cumsum(effort[order]) / effort.sum()])
    y = np.concatenate([[0.0], np.cumsum(labels[order]) / max(1, labels.sum())])
    return x, y


def _area(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.trapezoid(y, x)) if hasattr(np, "trapezoid") else float(np.trapz(y, x))


def _tie_orders(scores: np.ndarray, effort: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Higher score first; among equal scores larger effort first; items still tied (same score and effort,
    e.g. every 3-line hunk under SMALL) are ordered clean-first and buggy-first. Metrics average the two,
    which is their expectation under a random order of those ties; without it a baseline's figure depended
    on the input order of the rows (the engine's score order), i.e. on the model being compared."""
    return np.lexsort((labels, -effort, -scores)), np.lexsort((-labels, -effort, -scores))


def popt(scores: np.ndarray, effort: np.ndarray, labels: np.ndarray) -> float:
    """Kamei et al.: 1 - (area(optimal) - area(model)) / (area(optimal) - area(worst)); ties: see _tie_orders."""
    density = labels / effort
    best = np.lexsort((effort, -density))
    worst = np.lexsort((-effort, density))
    a_opt, a_worst = (_area(*_curve(o, effort, labels)) for o in (best, worst))
    if a_opt <= a_worst:
        return float("nan")
    a_model = np.mean([_area(*_curve(o, effort, labels)) for o in _tie_orders(scores, effort, labels)])
    return float(1 - (a_opt - a_model) / (a_opt - a_worst))


def recall_at(scores: np.ndarray, effort: np.ndarray, labels: np.ndarray, budget: float = 0.2) -> float:
    values = []
    for order in _tie_orders(scores, effort, labels):
        spent = np.cumsum(effort[order]) / effort.sum()
        values.append(labels[order][spent <= budget].sum() / max(1, labels.sum()))
    return float(np.mean(values))


# ---- model ----------------------------------------------------------------------------------------
def matrix(rows: list[dict], features: list[str]) -> np.ndarray:
    return np.array([[r["x"].get(f, 0.0) for f in features] for r in rows], dtype=float)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 50) -> tuple[np.ndarray, float]:
    """Newton-Raphson (IRLS) with an L2 penalty on the coefficients (not the intercept)."""
    n, d = x.shape
    xa = np.hstack([np.ones((n, 1)), x])
    w = np.zeros(d + 1)
    penalty = np.eye(d + 1) * l2
    penalty[0, 0] = 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-np.clip(xa @ w, -30, 30)))
        grad = xa.T @ (p - y) + penalty @ w
        hess = (xa * (p * (1 - p))[:, None]).T @ xa + penalty
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[1:], float(w[0])


def level_scores(rows: list[dict], spec: dict) -> np.ndarray:
    """log P(bug) - alpha * log1p(lines changed): the log of the shipped score (scoring.Model.score)."""
    x = matrix(rows, spec["features"])
    z = spec["intercept"] + ((x - np.array(spec["mean"])) / np.array(spec["std"])) @ np.array(spec["coef"])
    effort = np.array([r["added"] + r["deleted"] for r in rows], dtype=float)
    return -np.logaddexp(0.0, -z) - spec["alpha"] * np.log1p(effort)


def evaluate_rows(rows: list[dict], scores: np.ndarray, rng: np.random.Generator, boot: int = 1000) -> dict:
    labels = np.array([r["label"] for r in rows], dtype=float)
    added = np.array([r["added"] for r in rows], dtype=float)
    effort = np.maximum(1.0, added + np.array([r["deleted"] for r in rows], dtype=float))
    small = 1.0 / effort
    out = {"n": len(rows), "buggy": int(labels.sum())}
    for key, s in (("model", scores), ("la", added), ("small", small)):
        out[key] = {"auc": auc(s, labels), "popt": popt(s, effort, labels), "r20": recall_at(s, effort, labels)}
    diffs = []
    for _ in range(boot):
        idx = rng.integers(0, len(rows), len(rows))
        if labels[idx].sum() in (0, len(idx)):
            continue
        diffs.append(auc(scores[idx], labels[idx]) - auc(added[idx], labels[idx]))
    out["auc_diff_ci"] = [float(np.percentile(diffs, 2.5)), float(np.percentile(diffs, 97.5))] if diffs else None
    popt_diffs = []  # Popt is slower (sorts per tie order): fewer resamples
    for _ in range(boot // 5):
        idx = rng.integers(0, len(rows), len(rows))
        if labels[idx].sum() in (0, len(idx)):
            continue
        popt_diffs.append(popt(scores[idx], effort[idx], labels[idx]) - popt(small[idx], effort[idx], labels[idx]))
    out["popt_diff_ci"] = [float(np.percentile(popt_diffs, 2.5)), float(np.percentile(popt_diffs, 97.5))] if popt_diffs else None
    return out


AUC_MARGIN = 0.03


def fit_level(rows: list[dict], features: list[str]) -> dict:
    """Standardised logistic regression of one level's rows; alpha 0 (pure P(bug))."""
    x = matrix(rows, features)
    y = np.array([r["label"] for r in rows], dtype=float)
    mean, std = x.mean(0), x.std(0)
    std[std < 1e-9] = 1.0  # constant features (e.g. log_files of a hunk)
    coef, intercept = fit_logistic((x - mean) / std, y)
    return {"features": features, "mean": mean.round(6).tolist(), "std": std.round(6).tolist(),
            "coef": coef.round(6).tolist(), "intercept": round(intercept, 6), "alpha": 0.0}  # fmt: skip


def choose_alpha(parts: list[tuple[np.ndarray, list[dict]]]) -> float:
    """Effort exponent from (out-of-fold log P(bug), rows) per fitting project: the alpha maximising the smaller of
    the two mean gains, min(AUC - AUC(lines added), Popt - Popt(small first)), i.e. both targets at once. When no
    alpha wins both (commit level: README), the largest alpha whose mean AUC gain is still >= AUC_MARGIN: a sure
    AUC win rather than losing both targets by a little."""
    best = (-1e9, 0.0)
    fallback = 0.0
    for alpha in np.arange(0.0, 2.001, 0.05):
        auc_gain, popt_gain = [], []
        for log_p, rows in parts:
            labels = np.array([r["label"] for r in rows], dtype=float)
            added = np.array([r["added"] for r in rows], dtype=float)
            changed = added + np.array([r["deleted"] for r in rows], dtype=float)
            effort = np.maximum(1.0, changed)
            s = log_p - alpha * np.log1p(changed)
            auc_gain.append(auc(s, labels) - auc(added, labels))
            popt_gain.append(popt(s, effort, labels) - popt(1.0 / effort, effort, labels))
        value = min(float(np.nanmean(auc_gain)), float(np.nanmean(popt_gain)))
        if value > best[0]:
            best = (value, float(alpha))
        if float(np.nanmean(auc_gain)) >= AUC_MARGIN:
            fallback = float(alpha)
    return round(best[1] if best[0] > 0 else fallback, 3)


def fit(calibration: dict[str, dict], features: list[str]) -> dict:
    """Coefficients on all fitting projects; alpha from out-of-fold scores (each fitting project scored by a model
    fitted on the other fitting projects), because in-sample gains over the baselines are optimistic."""
    levels = {}
    for level in ("commit", "hunk"):
        by_project = {name: [r for r in data["rows"] if r["kind"] == level] for name, data in calibration.items()}
        spec = fit_level([r for rows in by_project.values() for r in rows], features)
        parts = []
        for name, rows in by_project.items():
            others = [r for other, other_rows in by_project.items() if other != name for r in other_rows]
            inner = fit_level(others, features) if len(by_project) > 1 else spec
            parts.append((level_scores(rows, inner), rows))
        spec["alpha"] = choose_alpha(parts)
        levels[level] = spec
    levels["file"] = levels["hunk"]
    return levels


def _print(group: str, name: str, level: str, res: dict, data: dict | None) -> None:
    ci = res["auc_diff_ci"] or [float("nan")] * 2
    pci = res["popt_diff_ci"] or [float("nan")] * 2
    m, la, sm = res["model"], res["la"], res["small"]
    tail = f" | extract {data['seconds']}s/{data['commits']} commits" if data else ""
    print(f"{group:11} {name:9} {level:6} n={res['n']:5} bug={res['buggy']:4} "
          f"AUC {m['auc']:.3f} LA {la['auc']:.3f} SM {sm['auc']:.3f} dAUC95 [{ci[0]:+.3f},{ci[1]:+.3f}] | "
          f"Popt {m['popt']:.3f} LA {la['popt']:.3f} SM {sm['popt']:.3f} dPopt95 [{pci[0]:+.3f},{pci[1]:+.3f}] | "
          f"R@20 {m['r20']:.3f} LA {la['r20']:.3f} SM {sm['r20']:.3f}{tail}")  # fmt: skip


def load(name: str, work: Path, mirrors: Path) -> dict:
    data = extract(name, work, mirrors)
    for refresh in (refresh_provenance, refresh_code_size):
        data = refresh(name, data, work, mirrors)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description="Evaluate the review ranking against SZZ ground truth.")
    parser.add_argument("--work", type=Path, default=Path("/tmp/ranking"))
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--calibrate", default="click,attrs,jinja")
    parser.add_argument("--evaluate", default="werkzeug,rich,black")
    parser.add_argument("--lopo", action="store_true", help="Leave-one-project-out evaluation over all projects.")
    parser.add_argument("--fit", action="store_true", help="Write the fitted weights to codeaudit/review/weights.json.")
    parser.add_argument("--per-line", action="store_true", help="Score as `codeaudit review --per-line` does (alpha 1).")
    args = parser.parse_args()
    calibration = {n: load(n, args.work, args.mirrors) for n in args.calibrate.split(",") if n}
    evaluation = {n: load(n, args.work, args.mirrors) for n in args.evaluate.split(",") if n}
    from codeaudit.review import scoring

    if args.fit:
        features = list(next(iter(calibration.values()))["rows"][0]["x"])
        levels = fit(calibration, features)
        scoring.WEIGHTS.write_text(json.dumps({
            "note": f"fitted by bench/ranking/evaluate.py on SZZ labels of {sorted(calibration)}",
            "levels": levels}, indent=1) + "\n")  # fmt: skip
    weights = json.loads(scoring.WEIGHTS.read_text())["levels"]
    if args.per_line:
        weights = {level: {**spec, "alpha": scoring.PER_LINE_ALPHA} for level, spec in weights.items()}
    rng = np.random.default_rng(7)
    if args.lopo:
        # Leave one project out: each project is scored by a model fitted on all the others only.
        everything = {**calibration, **evaluation}
        features = list(next(iter(everything.values()))["rows"][0]["x"])
        pooled: dict[str, list] = {"commit": [], "hunk": []}
        for name, data in everything.items():
            levels = fit({k: v for k, v in everything.items() if k != name}, features)
            if args.per_line:
                levels = {level: {**spec, "alpha": scoring.PER_LINE_ALPHA} for level, spec in levels.items()}
            for level in ("commit", "hunk"):
                rows = [r for r in data["rows"] if r["kind"] == level]
                scores = level_scores(rows, levels[level])
                _print("lopo", name, level, evaluate_rows(rows, scores, rng), data)
                # pooled AUC mixes projects' score scales; rank-normalise within each project first
                ranks = scores.argsort().argsort() / max(1, len(scores) - 1)
                pooled[level] += [(r, s) for r, s in zip(rows, ranks)]
        for level, pairs in pooled.items():
            rows = [r for r, _ in pairs]
            _print("lopo", "POOLED", level, evaluate_rows(rows, np.array([s for _, s in pairs]), rng), None)
        return
    report = {}
    for group, projects in (("calibration", calibration), ("evaluation", evaluation)):
        for name, data in projects.items():
            for level in ("commit", "hunk"):
                rows = [r for r in data["rows"] if r["kind"] == level]
                res = evaluate_rows(rows, level_scores(rows, weights[level]), rng)
                report[f"{group}/{name}/{level}"] = res
                _print(group, name, level, res, data)
        for level in ("commit", "hunk"):
            rows = [r for d in projects.values() for r in d["rows"] if r["kind"] == level]
            if rows:
                res = evaluate_rows(rows, level_scores(rows, weights[level]), rng)
                report[f"{group}/ALL/{level}"] = res
                _print(group, "POOLED", level, res, None)
    (args.work / "report.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
