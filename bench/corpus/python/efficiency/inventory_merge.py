"""Merge supplier stock feeds with the internal catalogue."""
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator


@dataclass
class CatalogueItem:
    sku: str
    name: str
    supplier_codes: list = field(default_factory=list)
    min_stock: int = 0


@dataclass
class FeedRow:
    supplier: str
    code: str
    available: int
    price: float


def read_catalogue(path: Path) -> list:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [CatalogueItem(**item) for item in raw["items"]]


def read_feed(path: Path) -> Iterator[FeedRow]:
    supplier = path.stem
    with path.open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            code, available, price = line.rstrip("\n").split(";")
            yield FeedRow(supplier, code, int(available), float(price))


def merge(catalogue: list, feed_rows: list) -> dict:
    merged = {}
    for item in catalogue:
        offers = []
        for row in feed_rows:
            if row.code in item.supplier_codes:  # label: efficiency/nested-loop-join
                offers.append(row)
        merged[item.sku] = offers
    return merged


def cheapest_offer(offers: list):
    if not offers:
        return None
    return sorted(offers, key=lambda r: r.price)[0]  # label: efficiency/sort-for-min


def count_out_of_stock(rows: Iterable[FeedRow]) -> int:
    return len(list(r for r in rows if r.available == 0))  # label: efficiency/len-list-generator


def build_restock_list(catalogue: list, merged: dict) -> list:
    restock = []
    for item in catalogue:
        offers = merged.get(item.sku, [])
        stock = sum(o.available for o in offers)
        if stock < item.min_stock:
            best = cheapest_offer(offers)
            restock.append(
                {
                    "sku": item.sku,
                    "name": item.name,
                    "missing": item.min_stock - stock,
                    "supplier": best.supplier if best else None,
                    "price": best.price if best else None,
                }
            )
    return restock


def run(catalogue_path: Path, feed_dir: Path, out_path: Path) -> None:
    catalogue = read_catalogue(catalogue_path)
    per_supplier = [list(read_feed(p)) for p in sorted(feed_dir.glob("*.csv"))]
    rows = sum(per_supplier, [])  # label: efficiency/sum-list-concat
    merged = merge(catalogue, rows)
    restock = build_restock_list(catalogue, merged)
    out_path.write_text(json.dumps({"restock": restock, "out_of_stock_rows": count_out_of_stock(rows)}, indent=2))
