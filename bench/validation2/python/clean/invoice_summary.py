"""Summarise invoice exports with vectorised pandas operations."""
import json
from pathlib import Path

import pandas as pd
import yaml


def load_rules(path: str) -> dict:
    with open(path) as fh:
        return yaml.safe_load(fh) or {}


def load_invoices(folder: str) -> pd.DataFrame:
    frames = [pd.read_csv(p, parse_dates=["issued"]) for p in sorted(Path(folder).glob("*.csv"))]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def enrich(df: pd.DataFrame, rules: dict) -> pd.DataFrame:
    rates = pd.Series(rules.get("vat", {}), name="vat_rate")
    out = df.merge(rates, left_on="country", right_index=True, how="left")
    out["vat_rate"] = out["vat_rate"].fillna(rules.get("default_vat", 0.2))
    out["gross"] = out["net"] * (1 + out["vat_rate"])
    blocked = set(rules.get("blocked_customers", []))
    out["blocked"] = out["customer_id"].isin(blocked)
    return out


def summary(df: pd.DataFrame) -> dict:
    by_country = df.groupby("country").agg(invoices=("id", "count"), gross=("gross", "sum"))
    return {
        "invoices": int(len(df)),
        "latest": df["issued"].max().isoformat() if len(df) else None,
        "largest": float(df["gross"].max()) if len(df) else 0.0,
        "by_country": by_country.round(2).to_dict(orient="index"),
    }


if __name__ == "__main__":
    import sys
    invoices = enrich(load_invoices(sys.argv[1]), load_rules(sys.argv[2]))
    print(json.dumps(summary(invoices), indent=2, default=str))
