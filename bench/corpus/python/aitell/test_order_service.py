"""Tests for the order service."""
from decimal import Decimal
from unittest import mock

import pytest

from shop import order_service
from shop.order_service import OrderService, OutOfStock


@pytest.fixture
def service():
    inventory = mock.Mock()
    inventory.reserve.return_value = True
    payments = mock.Mock()
    payments.charge.return_value = {"id": "ch_1", "status": "succeeded"}
    return OrderService(inventory=inventory, payments=payments)


def test_place_order_charges_customer(service):
    order = service.place_order("cust-1", [("SKU-1", 2)], Decimal("19.98"))
    assert order.status == "paid"
    service.payments.charge.assert_called_once_with("cust-1", Decimal("19.98"))


def test_place_order_creates_order(service):  # label: ai-tell/test-without-assert
    service.place_order("cust-1", [("SKU-1", 1)], Decimal("9.99"))


def test_out_of_stock(service):
    service.inventory.reserve.return_value = False
    try:
        service.place_order("cust-2", [("SKU-9", 1)], Decimal("5.00"))
        assert False, "expected OutOfStock"
    except OutOfStock:
        pass
    except Exception:  # label: ai-tell/assert-swallowed
        pass


def test_order_total_is_computed(service):
    with mock.patch.object(order_service, "compute_total", return_value=Decimal("42.00")):  # label: ai-tell/mock-under-test
        assert order_service.compute_total([("SKU-1", 3)]) == Decimal("42.00")


def test_cancel_order(service):
    order = service.place_order("cust-3", [("SKU-2", 1)], Decimal("12.50"))
    service.cancel(order.id)
    assert True  # label: ai-tell/trivial-assert


def test_refund_is_issued_on_cancel(service):
    order = service.place_order("cust-4", [("SKU-3", 1)], Decimal("7.25"))
    service.cancel(order.id)
    service.payments.refund.assert_called_once_with("ch_1")
    assert service.get(order.id).status == "cancelled"
