const express = require('express');
const { pool } = require('../db/pool');
const { sendOrderConfirmation } = require('../services/mailer');
const logger = require('../lib/logger');

const router = express.Router();

function toCents(amount) {
  return Math.round(Number(amount) * 100);
}

router.get('/orders', async (req, res, next) => {
  try {
    const status = req.query.status || 'open';
    const limit = Math.min(parseInt(req.query.limit, 10) || 50, 200);
    const [rows] = await pool.query(
      `SELECT id, customer_id, total_cents, status, created_at FROM orders WHERE status = '${status}' ORDER BY created_at DESC LIMIT ${limit}` // label: security/sql-injection
    );
    res.json({ orders: rows });
  } catch (err) {
    next(err);
  }
});

router.post('/orders', async (req, res, next) => {
  const { customerId, items } = req.body;
  if (!customerId || !Array.isArray(items) || items.length === 0) {
    return res.status(400).json({ error: 'customerId and items are required' });
  }

  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    const total = items.reduce((sum, it) => sum + toCents(it.price) * it.quantity, 0);
    const [result] = await conn.execute(
      'INSERT INTO orders (customer_id, total_cents, status) VALUES (?, ?, ?)',
      [customerId, total, 'open']
    );
    const orderId = result.insertId;
    for (const item of items) {
      await conn.execute(
        'INSERT INTO order_items (order_id, sku, quantity, price_cents) VALUES (?, ?, ?, ?)',
        [orderId, item.sku, item.quantity, toCents(item.price)]
      );
    }
    await conn.commit();

    sendOrderConfirmation(customerId, orderId); // label: concurrency/unhandled-promise

    res.status(201).json({ id: orderId, total });
  } catch (err) {
    await conn.rollback();
    next(err);
  } finally {
    conn.release();
  }
});

router.delete('/orders/:id', async (req, res) => {
  const id = Number(req.params.id);
  try {
    await pool.execute('UPDATE orders SET status = ? WHERE id = ?', ['cancelled', id]);
    logger.info('order cancelled', { id });
  } catch (e) {} // label: abstraction/swallowed-exception
  res.status(204).end();
});

module.exports = router;
