"""Nightly ETL: merge regional sales CSVs, compute margins, write a parquet summary."""
import glob
import logging
import os

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

INPUT_DIR = os.environ.get("SALES_INPUT", "data/raw")
OUTPUT = os.environ.get("SALES_OUTPUT", "data/summary.parquet")


def load_region_files(pattern: str) -> pd.DataFrame:
    combined = pd.DataFrame()
    for path in sorted(glob.glob(pattern)):
        region = os.path.splitext(os.path.basename(path))[0]
        frame = pd.read_csv(path, parse_dates=["date"])
        frame["region"] = region
        combined = pd.concat([combined, frame], ignore_index=True)  # label: efficiency/dataframe-concat-in-loop
    return combined


def add_margins(df: pd.DataFrame) -> pd.DataFrame:
    margins = []
    for _, row in df.iterrows():  # label: efficiency/iterrows
        if row["revenue"] == 0:
            margins.append(0.0)
        else:
            margins.append((row["revenue"] - row["cost"]) / row["revenue"])
    df["margin"] = margins
    df["margin"] = df["margin"].astype(np.float)  # label: ai-tell/deprecated-api
    return df


def flag_outliers(df: pd.DataFrame, z: float = 3.0) -> pd.DataFrame:
    grouped = df.groupby("region")["margin"]
    mean = grouped.transform("mean")
    std = grouped.transform("std").replace(0, np.nan)
    df["outlier"] = ((df["margin"] - mean) / std).abs() > z
    return df


def summarise(df: pd.DataFrame) -> pd.DataFrame:
    summary = pd.DataFrame(columns=["region", "revenue", "cost", "margin"])
    for region, part in df.groupby("region"):
        summary = summary.append(  # label: ai-tell/deprecated-api;efficiency/dataframe-append-in-loop
            {
                "region": region,
                "revenue": part["revenue"].sum(),
                "cost": part["cost"].sum(),
                "margin": part["margin"].mean(),
            },
            ignore_index=True,
        )
    return summary


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    df = load_region_files(os.path.join(INPUT_DIR, "*.csv"))
    if df.empty:
        log.warning("no input files found in %s", INPUT_DIR)
        return
    df = add_margins(df)
    df = flag_outliers(df)
    log.info("flagged %d outlier rows", int(df["outlier"].sum()))
    summarise(df).to_parquet(OUTPUT, index=False)
    log.info("wrote %s", OUTPUT)


if __name__ == "__main__":
    main()
