"""Nightly pipeline: merge regional sales CSVs, enrich with FX rates and write a summary."""
import glob
import json
import logging
from pathlib import Path

import pandas as pd

log = logging.getLogger(__name__)

FX_FILE = "data/fx_rates.csv"
OUTPUT = Path("out/sales_summary.parquet")


def load_regions(pattern: str) -> pd.DataFrame:
    frame = pd.DataFrame()
    for path in sorted(glob.glob(pattern)):
        part = pd.read_csv(path, parse_dates=["sold_at"])
        part["region"] = Path(path).stem
        frame = frame.append(part, ignore_index=True)  # label: ai-tell/removed-api; efficiency/repeated-concat
    return frame


def to_usd(df: pd.DataFrame) -> pd.DataFrame:
    usd = []
    for _, row in df.iterrows():
        rates = pd.read_csv(FX_FILE, index_col="currency")  # label: efficiency/loop-invariant-io
        usd.append(row["amount"] * rates.loc[row["currency"], "usd_rate"])  # label: efficiency/pandas-row-loop
    df = df.copy()
    df["amount_usd"] = usd
    return df


def tag_outliers(df: pd.DataFrame, threshold: float = 3.0) -> pd.DataFrame:
    mean = df["amount_usd"].mean()
    std = df["amount_usd"].std()
    df = df.copy()
    df["outlier"] = ((df["amount_usd"] - mean).abs() / std) > threshold
    return df


def summarise(df: pd.DataFrame, group_cols=["region", "product"]) -> pd.DataFrame:  # label: abstraction/mutable-default
    if "currency" not in group_cols:
        group_cols.append("currency")
    return (
        df.groupby(group_cols, as_index=False)
        .agg(units=("qty", "sum"), revenue=("amount_usd", "sum"), orders=("order_id", "nunique"))
        .sort_values("revenue", ascending=False)
    )


def write_manifest(df: pd.DataFrame, path: Path) -> None:
    manifest = {
        "rows": int(len(df)),
        "regions": sorted(df["region"].unique().tolist()),
        "revenue": float(df["revenue"].sum()),
    }
    path.with_suffix(".json").write_text(json.dumps(manifest, indent=2))


def run(pattern: str = "data/sales_*.csv") -> None:
    raw = load_regions(pattern)
    if raw.empty:
        log.warning("no input files for %s", pattern)
        return
    enriched = tag_outliers(to_usd(raw))
    summary = summarise(enriched[~enriched["outlier"]])
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    summary.to_parquet(OUTPUT, index=False)
    write_manifest(summary, OUTPUT)
    log.info("wrote %d summary rows", len(summary))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    run()
