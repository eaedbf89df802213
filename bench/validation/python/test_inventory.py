"""Pytest suite for inventory aggregation helpers."""
import pandas as pd
import pytest


def aggregate(records):
    df = pd.DataFrame(columns=["sku", "qty"])
    for rec in records:
        df = df.append(rec, ignore_index=True)  # label: ai-tell/removed-api;efficiency/dataframe-grow-in-loop
    return df.groupby("sku", as_index=False)["qty"].sum()


def restock(levels, threshold, extra={}):  # label: abstraction/mutable-default-argument
    for sku, qty in levels.items():
        if qty < threshold:
            extra[sku] = threshold - qty
    return extra


@pytest.fixture
def records():
    return [
        {"sku": "A1", "qty": 3},
        {"sku": "B2", "qty": 5},
        {"sku": "A1", "qty": 4},
    ]


def test_aggregate_sums_by_sku(records):
    out = aggregate(records).set_index("sku")["qty"].to_dict()
    assert out == {"A1": 7, "B2": 5}


def test_aggregate_empty():
    assert aggregate([]).empty


def test_restock_below_threshold():
    assert restock({"A1": 2, "B2": 9}, 5) == {"A1": 3}


def test_restock_nothing_needed():
    assert restock({"A1": 10}, 5) == {}


@pytest.mark.parametrize("qty,threshold,expected", [(0, 1, 1), (4, 4, None)])
def test_restock_parametrised(qty, threshold, expected):
    result = restock({"X": qty}, threshold, {})
    assert result.get("X") == expected
