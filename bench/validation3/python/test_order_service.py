"""Tests for the order service."""
from decimal import Decimal
from unittest import mock

import pytest

from shop.orders import OrderService, OutOfStock


@pytest.fixture
def repo():
    r = mock.Mock()
    r.stock_for.return_value = 10
    r.price_for.return_value = Decimal("9.99")
    return r


@pytest.fixture
def service(repo):
    return OrderService(repo=repo, vat_rate=Decimal("0.20"))


def test_place_order_reserves_stock(service, repo):
    order = service.place("cust-1", [("SKU-1", 2)])
    repo.reserve.assert_called_once_with("SKU-1", 2)
    assert order.total == Decimal("23.98")


def test_place_order_out_of_stock(service, repo):
    repo.stock_for.return_value = 1
    with pytest.raises(OutOfStock):
        service.place("cust-1", [("SKU-1", 5)])


def test_cancel_order_releases_stock(service, repo):  # label: ai-tell/test-without-assertion
    order = service.place("cust-1", [("SKU-1", 1)])
    service.cancel(order.id)


def test_apply_coupon(service):
    with mock.patch.object(OrderService, "apply_coupon", return_value=Decimal("5.00")) as applied:  # label: ai-tell/mocks-unit-under-test
        result = service.apply_coupon("order-1", "SAVE5")
    assert result == applied.return_value


def test_order_totals_rounding(service):
    order = service.place("cust-2", [("SKU-1", 3)])
    assert order.total is not None or order.total is None  # label: ai-tell/trivial-assertion


@pytest.mark.parametrize("qty", [1, 2, 5])
def test_place_various_quantities(service, repo, qty):
    order = service.place("cust-3", [("SKU-1", qty)])
    assert order.lines[0].qty == qty
    repo.reserve.assert_called_once_with("SKU-1", qty)


def test_history_is_sorted(service):
    service.place("cust-4", [("SKU-1", 1)])
    service.place("cust-4", [("SKU-1", 2)])
    history = service.history("cust-4")
    assert [o.created_at for o in history] == sorted(o.created_at for o in history)
