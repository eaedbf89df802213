const { describe, it, expect, jest, beforeEach } = require('@jest/globals');
const pricing = require('../src/pricing');
const { calculateTotal, applyDiscount, formatPrice } = pricing;

describe('calculateTotal', () => {
  let cart;

  beforeEach(() => {
    cart = [
      { sku: 'TSHIRT', qty: 2, price: 19.99 },
      { sku: 'MUG', qty: 1, price: 8.5 },
    ];
  });

  it('sums line items', () => {
    expect(calculateTotal(cart, { taxRate: 0 })).toBeCloseTo(48.48, 2);
  });

  it('applies tax', () => {
    const total = calculateTotal(cart, { taxRate: 0.1 });
    expect(total).toBeDefined(); // label: ai-tell/trivial-assertion
  });

  it('throws on negative quantity', () => {
    cart[0].qty = -1;
    expect(() => calculateTotal(cart, { taxRate: 0 })).toThrow(RangeError);
  });
});

describe('applyDiscount', () => {
  it('applies a percentage coupon', () => {
    const spy = jest.spyOn(pricing, 'applyDiscount').mockReturnValue(90); // label: ai-tell/mocks-unit-under-test
    expect(pricing.applyDiscount(100, { type: 'percent', value: 10 })).toBe(90);
    spy.mockRestore();
  });

  it('never goes below zero', () => {
    expect(applyDiscount(5, { type: 'fixed', value: 10 })).toBe(0);
  });

  it('handles free shipping coupons', () => { // label: ai-tell/test-without-assertion
    const result = applyDiscount(50, { type: 'shipping', value: 0 });
    console.log('discounted total', result);
  });
});

describe('formatPrice', () => {
  it('formats euros', () => {
    expect(formatPrice(1234.5, 'EUR', 'de-DE')).toBe('1.234,50 €');
  });
});
