"""Nightly ETL: merge regional sales exports into a single summary workbook."""
import argparse
import glob
import logging
import os

import pandas as pd

log = logging.getLogger("sales_etl")

REQUIRED = ["order_id", "region", "sku", "qty", "unit_price", "order_date"]


def load_region(path: str) -> pd.DataFrame:
    df = pd.read_csv(path, parse_dates=["order_date"])
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")
    return df


def apply_fx(df: pd.DataFrame, rates_path: str) -> pd.DataFrame:
    converted = []
    for _, row in df.iterrows():  # label: efficiency/pandas-row-loop
        rates = pd.read_csv(rates_path).set_index("region")["usd_rate"]  # label: efficiency/repeated-work-in-loop
        rate = rates.get(row["region"], 1.0)
        converted.append(row["qty"] * row["unit_price"] * rate)
    df = df.copy()
    df["revenue_usd"] = converted
    return df


def combine(paths) -> pd.DataFrame:
    combined = pd.DataFrame(columns=REQUIRED)
    for path in paths:
        log.info("loading %s", path)
        combined = combined.append(load_region(path), ignore_index=True)  # label: ai-tell/removed-api; efficiency/quadratic-concat
    return combined


def summarise(df: pd.DataFrame) -> pd.DataFrame:
    df["month"] = df["order_date"].dt.to_period("M").astype(str)
    return (
        df.groupby(["region", "month"], as_index=False)
        .agg(orders=("order_id", "nunique"), units=("qty", "sum"), revenue=("revenue_usd", "sum"))
        .sort_values(["region", "month"])
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("input_dir")
    parser.add_argument("--rates", default="fx_rates.csv")
    parser.add_argument("--out", default="sales_summary.xlsx")
    args = parser.parse_args(argv)

    paths = sorted(glob.glob(os.path.join(args.input_dir, "*.csv")))
    if not paths:
        parser.error(f"no CSV files in {args.input_dir}")

    df = combine(paths)
    df = df.drop_duplicates(subset="order_id")
    df = apply_fx(df, args.rates)
    summary = summarise(df)

    with pd.ExcelWriter(args.out) as writer:
        summary.to_excel(writer, sheet_name="summary", index=False)
        df.to_excel(writer, sheet_name="detail", index=False)
    log.info("wrote %s (%d rows)", args.out, len(summary))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    main()
