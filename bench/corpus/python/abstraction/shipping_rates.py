"""Shipping cost calculation for the checkout service."""
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum


class Service(str, Enum):
    STANDARD = "standard"
    EXPRESS = "express"
    OVERNIGHT = "overnight"


@dataclass(frozen=True)
class Parcel:
    weight_kg: float
    length_cm: float
    width_cm: float
    height_cm: float

    @property
    def volumetric_kg(self) -> float:
        return self.length_cm * self.width_cm * self.height_cm / 5000


ZONE_BASE = {"domestic": Decimal("4.90"), "eu": Decimal("9.50"), "world": Decimal("19.00")}
SERVICE_FACTOR = {Service.STANDARD: Decimal("1.0"), Service.EXPRESS: Decimal("1.6"), Service.OVERNIGHT: Decimal("2.4")}
EU_COUNTRIES = {"AT", "BE", "DE", "DK", "ES", "FI", "FR", "IE", "IT", "NL", "PL", "PT", "SE"}

_zone_cache = {}  # label: abstraction/hand-rolled-memo


def zone_for(country: str, home: str = "DE") -> str:
    key = (country, home)
    if key in _zone_cache:
        return _zone_cache[key]
    if country == home:
        zone = "domestic"
    elif country in EU_COUNTRIES:
        zone = "eu"
    else:
        zone = "world"
    _zone_cache[key] = zone
    return zone


class WeightBandCalculator:  # label: abstraction/function-as-class
    def __init__(self, parcel: Parcel):
        self.parcel = parcel

    def calculate(self) -> int:
        chargeable = max(self.parcel.weight_kg, self.parcel.volumetric_kg)
        if chargeable <= 2:
            return 1
        return 1 + math.ceil((chargeable - 2) / 5)


def quote(parcel: Parcel, country: str, service: Service = Service.STANDARD) -> Decimal:
    if parcel.weight_kg <= 0:
        raise ValueError("parcel weight must be positive")
    bands = WeightBandCalculator(parcel).calculate()
    base = ZONE_BASE[zone_for(country.upper())]
    price = base * bands * SERVICE_FACTOR[service]
    return price.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def cheapest_service(parcel: Parcel, country: str, allowed: tuple = (Service.STANDARD, Service.EXPRESS)) -> tuple:
    quotes = [(quote(parcel, country, s), s) for s in allowed]
    price, service = min(quotes, key=lambda q: q[0])
    return service, price


def split_shipment(parcels: list, country: str, max_per_box: int = 3) -> list:
    boxes = [parcels[i : i + max_per_box] for i in range(0, len(parcels), max_per_box)]
    result = []
    for box in boxes:
        merged = Parcel(
            weight_kg=sum(p.weight_kg for p in box),
            length_cm=max(p.length_cm for p in box),
            width_cm=max(p.width_cm for p in box),
            height_cm=sum(p.height_cm for p in box),
        )
        result.append((merged, quote(merged, country)))
    return result
