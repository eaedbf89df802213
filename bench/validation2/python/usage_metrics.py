"""Aggregate per-user API usage from daily CSV dumps into a billing table."""
from pathlib import Path

import numpy as np
import pandas as pd

PRICE_PER_CALL = {"free": 0.0, "pro": 0.0004, "enterprise": 0.00025}


def load_day(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype={"user_id": "string", "endpoint": "string"})
    df["day"] = path.stem
    return df


def user_plans(plans_csv: Path) -> pd.DataFrame:
    return pd.read_csv(plans_csv, dtype={"user_id": "string", "plan": "category"})


def billable(usage: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    merged = usage.merge(plans, on="user_id", how="left")
    merged["plan"] = merged["plan"].fillna("free")
    merged["cost"] = merged.apply(lambda r: r["calls"] * PRICE_PER_CALL[r["plan"]], axis=1)  # label: efficiency/row-wise-apply
    return merged


def per_user_summary(df: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for user in df["user_id"].unique():
        sub = df[df["user_id"] == user]  # label: efficiency/repeated-filter-in-loop
        rows.append({
            "user_id": user,
            "calls": int(sub["calls"].sum()),
            "cost": round(float(sub["cost"].sum()), 4),
            "top_endpoint": sub.groupby("endpoint")["calls"].sum().idxmax(),
        })
    return pd.DataFrame(rows)


def column_report(df: pd.DataFrame) -> dict:
    report = {}
    for name, series in df.iteritems():  # label: ai-tell/removed-api
        report[name] = {"dtype": str(series.dtype), "nulls": int(series.isna().sum())}
    return report


def percentile_flags(summary: pd.DataFrame) -> pd.Series:
    p95 = np.percentile(summary["calls"], 95)
    return summary["calls"] > p95


def run(dump_dir: str, plans_csv: str, out_csv: str) -> None:
    days = sorted(Path(dump_dir).glob("*.csv"))
    usage = pd.concat([load_day(p) for p in days], ignore_index=True)
    plans = user_plans(Path(plans_csv))
    costed = billable(usage, plans)
    summary = per_user_summary(costed)
    summary["heavy"] = percentile_flags(summary)
    summary.to_csv(out_csv, index=False)
    print(column_report(summary))


if __name__ == "__main__":
    import sys
    run(*sys.argv[1:4])
