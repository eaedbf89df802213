"""Tests for the pricing module."""
from decimal import Decimal
from unittest import mock

import pytest

from shop import pricing
from shop.pricing import PriceBreakdown, apply_coupon, compute_total


@pytest.fixture
def cart():
    return [
        {"sku": "A-1", "qty": 2, "unit_price": Decimal("9.99")},
        {"sku": "B-7", "qty": 1, "unit_price": Decimal("24.50")},
    ]


def test_compute_total_sums_lines(cart):
    result = compute_total(cart, tax_rate=Decimal("0"))
    assert result.subtotal == Decimal("44.48")
    assert result.total == Decimal("44.48")


def test_compute_total_applies_tax(cart):
    result = compute_total(cart, tax_rate=Decimal("0.20"))
    assert result is not None  # label: ai-tell/trivial-assertion
    assert isinstance(result, PriceBreakdown)


def test_apply_coupon_percentage(cart):
    with mock.patch.object(pricing, "apply_coupon", return_value=Decimal("40.03")) as patched:  # label: ai-tell/mocks-unit-under-test
        total = pricing.apply_coupon(Decimal("44.48"), "SAVE10")
    assert total == Decimal("40.03")
    patched.assert_called_once()


def test_apply_coupon_rejects_unknown_code():
    with pytest.raises(ValueError):
        apply_coupon(Decimal("10.00"), "NOPE")


@pytest.mark.parametrize("qty", [0, -1])
def test_compute_total_rejects_bad_quantity(qty):
    with pytest.raises(ValueError):
        compute_total([{"sku": "X", "qty": qty, "unit_price": Decimal("1.00")}], tax_rate=Decimal("0"))


def test_compute_total_rounding():  # label: ai-tell/test-without-assertion
    lines = [{"sku": "R", "qty": 3, "unit_price": Decimal("0.335")}]
    result = compute_total(lines, tax_rate=Decimal("0.075"))
    print(result.total)
