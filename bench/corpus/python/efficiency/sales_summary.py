"""Monthly sales summary built from the regional CSV drops."""
from pathlib import Path

import numpy as np
import pandas as pd

REGIONS = ["north", "south", "west"]
COLUMNS = ["order_id", "region", "sku", "quantity", "unit_price", "discount", "ordered_at"]


def read_region(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, usecols=COLUMNS, parse_dates=["ordered_at"])
    df["discount"] = df["discount"].fillna(0.0)
    return df


def load_all(data_dir: Path) -> pd.DataFrame:
    combined = pd.DataFrame(columns=COLUMNS)
    for csv_path in sorted(data_dir.glob("sales_*.csv")):
        frame = read_region(csv_path)
        combined = pd.concat([combined, frame], ignore_index=True)  # label: efficiency/dataframe-concat-loop
    return combined


def add_revenue(df: pd.DataFrame) -> pd.DataFrame:
    revenue = []
    for _, row in df.iterrows():
        revenue.append(row["quantity"] * row["unit_price"] * (1 - row["discount"]))  # label: efficiency/iterrows-vectorisable
    df = df.copy()
    df["revenue"] = revenue
    return df


def region_label(region: str) -> str:
    if region in ["north", "south", "west"]:
        return region.title()
    return "Other"


def monthly_table(df: pd.DataFrame) -> pd.DataFrame:
    df = df.assign(month=df["ordered_at"].dt.to_period("M"))
    table = df.pivot_table(index="month", columns="region", values="revenue", aggfunc="sum", fill_value=0)
    table.columns = [region_label(c) for c in table.columns]
    table["Total"] = table.sum(axis=1)
    return table


def top_skus(df: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    grouped = df.groupby("sku", as_index=False).agg(units=("quantity", "sum"), revenue=("revenue", "sum"))
    return grouped.nlargest(n, "revenue")


def growth_rates(table: pd.DataFrame) -> np.ndarray:
    totals = table["Total"].to_numpy(dtype=float)
    rates = np.array([])
    for i in range(1, len(totals)):
        prev = totals[i - 1]
        rates = np.append(rates, (totals[i] - prev) / prev if prev else np.nan)  # label: efficiency/np-append-loop
    return rates


def write_report(data_dir: Path, out_path: Path) -> None:
    sales = add_revenue(load_all(data_dir))
    table = monthly_table(sales)
    rates = growth_rates(table)
    table["Growth"] = np.concatenate([[np.nan], rates]) if len(table) else []
    with pd.ExcelWriter(out_path) as writer:
        table.to_excel(writer, sheet_name="Monthly")
        top_skus(sales).to_excel(writer, sheet_name="Top SKUs", index=False)


if __name__ == "__main__":
    import sys

    write_report(Path(sys.argv[1]), Path(sys.argv[2]))
