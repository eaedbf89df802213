"""Tests for the pricing module (discounts, tax, rounding)."""
from decimal import Decimal
from unittest import mock

import pytest

from shop import pricing


@pytest.fixture
def cart():
    return [
        {"sku": "A-1", "price": Decimal("19.99"), "qty": 2},
        {"sku": "B-7", "price": Decimal("5.00"), "qty": 1},
    ]


def test_subtotal(cart):
    assert pricing.subtotal(cart) == Decimal("44.98")


def test_discount_applied(cart):
    with mock.patch("shop.pricing.apply_discount", return_value=Decimal("40.48")) as apply:
        result = pricing.apply_discount(cart, code="SAVE10")  # label: ai-tell/mocks-unit-under-test
    assert result == Decimal("40.48")
    apply.assert_called_once()


def test_tax_rounding():
    total = pricing.with_tax(Decimal("10.005"), rate=Decimal("0.2"))
    assert total is not None  # label: ai-tell/trivial-assertion


def test_empty_cart():
    pricing.subtotal([])  # label: ai-tell/test-without-assertion


@pytest.mark.parametrize("code,expected", [("SAVE10", Decimal("0.10")), ("VIP", Decimal("0.25"))])
def test_discount_rates(code, expected):
    assert pricing.discount_rate(code) == expected


def test_invalid_code_rejected(cart):
    try:
        pricing.apply_discount(cart, code="NOPE")
        assert False, "expected ValueError"
    except (ValueError, AssertionError):  # label: ai-tell/swallowed-assertion
        pass


def test_currency_format():
    assert pricing.format_price(Decimal("1234.5"), "EUR") == "€1,234.50"
