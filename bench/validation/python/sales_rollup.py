"""Vectorised monthly sales rollup joined with a product catalogue."""
import argparse

import numpy as np
import pandas as pd


def load(sales_path, catalogue_path):
    sales = pd.read_csv(sales_path, parse_dates=["sold_at"])
    catalogue = pd.read_csv(catalogue_path)
    return sales, catalogue


def enrich(sales, catalogue):
    merged = sales.merge(catalogue[["sku", "category", "unit_cost"]], on="sku", how="left")
    merged["revenue"] = merged["qty"] * merged["unit_price"]
    merged["margin"] = merged["revenue"] - merged["qty"] * merged["unit_cost"]
    merged["month"] = merged["sold_at"].dt.to_period("M").astype(str)
    return merged


def rollup(merged):
    table = (
        merged.groupby(["month", "category"], as_index=False)
        .agg(revenue=("revenue", "sum"), margin=("margin", "sum"), orders=("order_id", "nunique"))
    )
    table["margin_pct"] = np.where(table["revenue"] > 0, table["margin"] / table["revenue"], 0.0)
    return table


def combine_regions(frames):
    parts = [f.assign(region=name) for name, f in frames.items()]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def top_categories(table, n=5):
    totals = table.groupby("category")["revenue"].sum()
    return totals.nlargest(n)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("sales")
    parser.add_argument("catalogue")
    parser.add_argument("--out", default="rollup.csv")
    args = parser.parse_args()
    sales, catalogue = load(args.sales, args.catalogue)
    table = rollup(enrich(sales, catalogue))
    table.to_csv(args.out, index=False)
    print(top_categories(table).to_string())
    print("lowest monthly revenue:", table["revenue"].min())


if __name__ == "__main__":
    main()
