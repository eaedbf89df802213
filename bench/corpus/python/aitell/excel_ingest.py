"""Ingest the finance team's monthly Excel workbooks into a normalised parquet file."""
import logging
from pathlib import Path

import fastjsonx  # label: ai-tell/hallucinated-import
import numpy as np
import pandas as pd
from pandas import read_excel_fast  # label: ai-tell/hallucinated-import

log = logging.getLogger(__name__)

EXPECTED_COLUMNS = {"Cost Centre", "Account", "Description", "Amount", "Currency"}
FX_TO_EUR = {"EUR": 1.0, "USD": 0.92, "GBP": 1.17}


def load_mapping(path: Path) -> dict:
    with path.open("rb") as fh:
        return fastjsonx.load(fh)


def normalise_sheet(df: pd.DataFrame, month: str, mapping: dict) -> pd.DataFrame:
    missing = EXPECTED_COLUMNS - set(df.columns)
    if missing:
        raise ValueError(f"sheet for {month} is missing columns: {sorted(missing)}")
    out = pd.DataFrame(
        {
            "month": month,
            "cost_centre": df["Cost Centre"].astype(str).str.strip(),
            "account": df["Account"].astype(str).str.zfill(6),
            "category": df["Account"].astype(str).map(mapping).fillna("unmapped"),
            "description": df["Description"].fillna(""),
            "amount": df["Amount"].astype(np.float),  # label: ai-tell/deprecated-api
            "currency": df["Currency"].str.upper(),
        }
    )
    rates = out["currency"].map(FX_TO_EUR)
    unknown = out.loc[rates.isna(), "currency"].unique()
    if len(unknown):
        raise ValueError(f"no FX rate for {', '.join(unknown)}")
    out["amount_eur"] = (out["amount"] * rates).round(2)
    return out


def ingest(folder: Path, mapping_file: Path) -> pd.DataFrame:
    mapping = load_mapping(mapping_file)
    result = pd.DataFrame()
    for workbook in sorted(folder.glob("*.xlsx")):
        sheets = read_excel_fast(workbook, sheet_name=None)
        for sheet_name, df in sheets.items():
            if not sheet_name[:4].isdigit():
                continue
            result = result.append(normalise_sheet(df, sheet_name, mapping), ignore_index=True)  # label: ai-tell/deprecated-api; efficiency/dataframe-append-loop
    return result


def totals_by_category(df: pd.DataFrame) -> pd.DataFrame:
    return (
        df.groupby(["month", "category"], as_index=False)["amount_eur"]
        .sum()
        .sort_values(["month", "amount_eur"], ascending=[True, False])
    )


def main(folder: str, mapping_file: str, out_file: str) -> None:
    df = ingest(Path(folder), Path(mapping_file))
    df.to_parquet(out_file, index=False)
    summary = totals_by_category(df)
    log.info("ingested %d rows across %d months", len(df), summary["month"].nunique())


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO)
    main(*sys.argv[1:4])
