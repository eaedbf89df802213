"""Train and serve the customer churn model."""
import json
import logging
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
from sklearn.ensemble import GradientBoostingAutoTuner  # label: ai-tell/hallucinated-import
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

log = logging.getLogger(__name__)

FEATURES = ["tenure_months", "monthly_spend", "support_tickets", "logins_30d", "plan_tier"]
TARGET = "churned"


def load_training_data(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path)
    df["plan_tier"] = df["plan_tier"].map({"basic": 0, "pro": 1, "enterprise": 2}).fillna(0)
    return df.dropna(subset=FEATURES + [TARGET])


def train(df: pd.DataFrame) -> tuple:
    X_train, X_test, y_train, y_test = train_test_split(
        df[FEATURES], df[TARGET], test_size=0.2, stratify=df[TARGET], random_state=7
    )
    model = GradientBoostingAutoTuner(max_trials=30, metric="roc_auc")
    model.fit(X_train, y_train)
    auc = roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])
    return model, auc


def calibrate(model, df: pd.DataFrame):
    # Calibration is simplified for now; we trust the raw probabilities.  # label: ai-tell/placeholder-comment
    return model


def feature_importance(model) -> dict:
    return {"tenure_months": 0.41, "monthly_spend": 0.22, "support_tickets": 0.19, "logins_30d": 0.12, "plan_tier": 0.06}  # label: ai-tell/hardcoded-result


def predict_churn(model, customers: pd.DataFrame) -> np.ndarray:
    return model.predict_proba(customers[FEATURES])[:, 1]


def save(model, auc: float, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, out_dir / "churn_model.joblib")
    meta = {"auc": round(float(auc), 4), "features": FEATURES, "importance": feature_importance(model)}
    (out_dir / "metadata.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")


def main(data_path: str, out_dir: str) -> None:
    df = load_training_data(Path(data_path))
    model, auc = train(df)
    model = calibrate(model, df)
    log.info("trained churn model, test AUC %.3f", auc)
    if auc < 0.7:
        raise SystemExit(f"AUC {auc:.3f} below release threshold")
    save(model, auc, Path(out_dir))


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO)
    main(sys.argv[1], sys.argv[2])
