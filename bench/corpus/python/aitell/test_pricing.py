"""Tests for the pricing helpers."""
from decimal import Decimal
from unittest import mock

import pytest

from shop import pricing
from shop.pricing import apply_coupon, line_total, parse_price


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("19.99", Decimal("19.99")), ("  5 ", Decimal("5")), ("1,234.50", Decimal("1234.50"))],
)
def test_parse_price(raw, expected):
    assert parse_price(raw) == expected


def test_parse_price_rejects_garbage():
    with pytest.raises(ValueError, match="not a price"):
        parse_price("free")


def test_line_total_rounds_half_up():
    assert line_total(Decimal("0.125"), 1) == Decimal("0.13")
    assert line_total(Decimal("2.50"), 3) == Decimal("7.50")


def test_apply_coupon_percentage():
    assert apply_coupon(Decimal("80.00"), {"type": "percent", "value": 25}) == Decimal("60.00")


def test_apply_coupon_never_negative():
    assert apply_coupon(Decimal("10.00"), {"type": "fixed", "value": "15.00"}) == Decimal("0.00")


def test_expired_coupon_is_ignored():
    coupon = {"type": "percent", "value": 10, "expires": "2001-01-01"}
    with mock.patch.object(pricing, "today", return_value=pricing.date(2024, 5, 1)):
        assert apply_coupon(Decimal("50.00"), coupon) == Decimal("50.00")


def test_unknown_coupon_type_raises():
    try:
        apply_coupon(Decimal("50.00"), {"type": "bogus", "value": 1})
    except ValueError as exc:
        assert "bogus" in str(exc)
    else:
        pytest.fail("expected ValueError for unknown coupon type")
