"""Applies promotion rules to a basket and produces a priced quote."""
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Dict, List


@dataclass
class Line:
    sku: str
    qty: int
    unit_price: Decimal
    category: str


@dataclass
class Promo:
    code: str
    pattern: str
    percent: Decimal
    min_qty: int = 1


@dataclass
class Quote:
    lines: List[dict] = field(default_factory=list)
    total: Decimal = Decimal("0")


CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def best_discount(line: Line, promos: List[Promo]) -> Decimal:
    best = Decimal("0")
    for promo in promos:
        if re.compile(promo.pattern).fullmatch(line.sku) and line.qty >= promo.min_qty:  # label: efficiency/regex-compiled-in-loop
            best = max(best, promo.percent)
    return best


def merge_duplicates(lines: List[Line]) -> List[Line]:
    merged: List[Line] = []
    for line in lines:
        existing = [m for m in merged if m.sku == line.sku]  # label: efficiency/quadratic-scan
        if existing:
            existing[0].qty += line.qty
        else:
            merged.append(Line(line.sku, line.qty, line.unit_price, line.category))
    return merged


def category_totals(lines: List[Line]) -> Dict[str, Decimal]:
    totals: Dict[str, Decimal] = {}
    for line in lines:
        if line.category not in totals:  # label: abstraction/hand-rolled-defaultdict
            totals[line.category] = Decimal("0")
        totals[line.category] += line.unit_price * line.qty
    return totals


def price_basket(lines: List[Line], promos: List[Promo], vat_rate: Decimal) -> Quote:
    quote = Quote()
    for line in merge_duplicates(lines):
        pct = best_discount(line, promos)
        gross = line.unit_price * line.qty
        discount = money(gross * pct / 100)
        net = gross - discount
        vat = money(net * vat_rate)
        quote.lines.append({
            "sku": line.sku,
            "qty": line.qty,
            "gross": money(gross),
            "discount": discount,
            "vat": vat,
            "net": money(net + vat),
        })
        quote.total += money(net + vat)
    return quote


def loyalty_points(quote: Quote, lines: List[Line]) -> int:
    points = 0
    for entry in quote.lines:
        unit = next(l.unit_price for l in lines if l.sku == entry["sku"])  # label: efficiency/quadratic-scan
        points += int(entry["qty"] * unit) // 10
    return points


def most_expensive(lines: List[Line]) -> List[Line]:
    result = []
    for line in lines:
        top = sorted(lines, key=lambda l: l.unit_price, reverse=True)[0]  # label: efficiency/repeated-work-in-loop
        if line.unit_price == top.unit_price:
            result.append(line)
    return result
