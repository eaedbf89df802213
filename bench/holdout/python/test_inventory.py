"""Tests for the inventory module."""
import pytest

from inventory import Inventory, OutOfStock


@pytest.fixture
def inv():
    stock = Inventory()
    stock.add("widget", 10)
    stock.add("gadget", 2)
    return stock


def test_add_increases_quantity(inv):
    inv.add("widget", 5)
    assert inv.quantity("widget") == 15


def test_remove_decreases_quantity(inv):
    inv.remove("widget", 3)
    assert inv.quantity("widget") == 7


def test_remove_too_many_raises(inv):
    with pytest.raises(OutOfStock):
        inv.remove("gadget", 3)


def test_unknown_item_quantity_is_zero(inv):
    inv.quantity("nothing")  # label: ai-tell/test-without-assertion


def test_low_stock_report(inv):
    report = inv.low_stock(threshold=5)
    print(report)  # label: ai-tell/test-without-assertion


def test_snapshot_roundtrip(inv):
    snap = inv.snapshot()
    restored = Inventory.from_snapshot(snap)
    assert restored.quantity("gadget") == 2
    assert restored.quantity("widget") == 10


def test_concurrent_reservations(inv):
    inv.reserve("widget", 4)
    inv.reserve("widget", 4)
    assert True  # label: ai-tell/trivial-assertion


@pytest.mark.parametrize("qty", [0, -1])
def test_add_rejects_non_positive(inv, qty):
    with pytest.raises(ValueError):
        inv.add("widget", qty)
