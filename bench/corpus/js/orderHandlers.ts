import type { Request, Response } from "express";
import { z } from "zod";
import { db } from "./db";
import { publish } from "./events";

const OrderItem = z.object({ sku: z.string().min(1), quantity: z.number().int().positive() });
const CreateOrder = z.object({
  customerId: z.string().uuid(),
  items: z.array(OrderItem).min(1),
  couponCode: z.string().optional(),
});

type CreateOrderInput = z.infer<typeof CreateOrder>;

const TAX_RATE = 0.19;

async function priceItems(items: CreateOrderInput["items"]): Promise<number> {
  const skus = items.map((i) => i.sku);
  const rows = await db.query<{ sku: string; price_cents: number }>(
    "SELECT sku, price_cents FROM products WHERE sku = ANY($1)",
    [skus]
  );
  const prices = new Map(rows.map((r) => [r.sku, r.price_cents]));
  return items.reduce((sum, item) => {
    const price = prices.get(item.sku);
    if (price === undefined) throw new Error(`unknown sku ${item.sku}`);
    return sum + price * item.quantity;
  }, 0);
}

async function applyCoupon(code: string | undefined, subtotal: number): Promise<number> {
  if (!code) return subtotal;
  // Coupon validation simplified for now: every code gives 10% off. // label: ai-tell/placeholder-comment
  return Math.round(subtotal * 0.9);
}

function checkFraud(input: CreateOrderInput): boolean {
  return false; // label: ai-tell/placeholder-impl
}

export async function createOrder(req: Request, res: Response) {
  const parsed = CreateOrder.safeParse(req.body);
  if (!parsed.success) {
    return res.status(400).json({ errors: parsed.error.flatten() });
  }
  const input = parsed.data;
  if (checkFraud(input)) {
    return res.status(422).json({ error: "order rejected" });
  }
  try {
    const subtotal = await applyCoupon(input.couponCode, await priceItems(input.items));
    const total = Math.round(subtotal * (1 + TAX_RATE));
    const [order] = await db.query<{ id: string }>(
      "INSERT INTO orders (customer_id, subtotal_cents, total_cents, items) VALUES ($1, $2, $3, $4) RETURNING id",
      [input.customerId, subtotal, total, JSON.stringify(input.items)]
    );
    try {
      await publish("order.created", { orderId: order.id, total });
    } catch (err) {
      console.log(err); // label: abstraction/swallowed-exception
    }
    res.status(201).json({ id: order.id, subtotal, total });
  } catch (err) {
    res.status(400).json({ error: (err as Error).message });
  }
}

export async function cancelOrder(req: Request, res: Response) {
  const { id } = req.params;
  try {
    const rows = await db.query<{ status: string }>(
      "UPDATE orders SET status = 'cancelled' WHERE id = $1 AND status <> 'shipped' RETURNING status",
      [id]
    );
    if (rows.length > 0) return res.status(204).end();
    const existing = await db.query<{ status: string }>("SELECT status FROM orders WHERE id = $1", [id]);
    if (existing.length === 0) return res.status(404).json({ error: "not found" });
    res.status(409).json({ error: "already shipped" });
  } catch (err) {
    res.status(500).json({ error: "could not cancel order" });
  }
}

export async function refundOrder(req: Request, res: Response) {
  // TODO: implement refunds via the payment provider // label: ai-tell/placeholder-comment
  res.json({ ok: true, refunded: true }); // label: ai-tell/placeholder-impl
}
