"""Nightly ETL: merge regional sales exports, enrich with FX rates, write a summary."""
import argparse
import glob
import logging
from datetime import datetime

import pandas as pd

log = logging.getLogger("sales_etl")

FX_COLUMNS = ["currency", "rate_to_eur"]


def load_exports(pattern: str) -> pd.DataFrame:
    combined = pd.DataFrame()
    for path in sorted(glob.glob(pattern)):
        part = pd.read_csv(path, parse_dates=["sold_at"])
        part["source_file"] = path
        combined = pd.concat([combined, part], ignore_index=True)  # label: efficiency/dataframe-growth-in-loop
    return combined


def apply_fx(sales: pd.DataFrame, fx: pd.DataFrame) -> pd.DataFrame:
    sales = sales.copy()
    sales["amount_eur"] = 0.0
    for idx, row in sales.iterrows():  # label: efficiency/pandas-row-loop
        rate = fx.loc[fx["currency"] == row["currency"], "rate_to_eur"].iloc[0]  # label: efficiency/repeated-linear-scan
        sales.at[idx, "amount_eur"] = row["amount"] * rate
    return sales


def summarise(sales: pd.DataFrame) -> pd.DataFrame:
    summary = pd.DataFrame(columns=["region", "orders", "revenue_eur"])
    for region, grp in sales.groupby("region"):
        summary = summary.append(  # label: ai-tell/removed-api; efficiency/dataframe-growth-in-loop
            {"region": region, "orders": len(grp), "revenue_eur": grp["amount_eur"].sum()},
            ignore_index=True,
        )
    return summary


def latest_sale(sales: pd.DataFrame):
    return sales.sort_values("sold_at", ascending=False).iloc[0]["sold_at"]  # label: efficiency/sort-for-max


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--exports", default="exports/sales_*.csv")
    parser.add_argument("--fx", default="reference/fx.csv")
    parser.add_argument("--out", default="out/summary.parquet")
    args = parser.parse_args()

    logging.basicConfig(level=logging.INFO)
    sales = load_exports(args.exports)
    if sales.empty:
        log.warning("no exports matched %s", args.exports)
        return
    fx = pd.read_csv(args.fx, usecols=FX_COLUMNS)
    sales = apply_fx(sales, fx)
    summary = summarise(sales)
    summary["generated_at"] = datetime.now().isoformat(timespec="seconds")
    summary.to_parquet(args.out, index=False)
    log.info("wrote %d regions, latest sale %s", len(summary), latest_sale(sales))


if __name__ == "__main__":
    main()
