'use strict';

const express = require('express');
const mysql = require('mysql2/promise');
const { requireUser } = require('../lib/auth');

const router = express.Router();
const pool = mysql.createPool({
  host: process.env.DB_HOST || 'localhost',
  user: process.env.DB_USER || 'shop',
  password: process.env.DB_PASSWORD,
  database: process.env.DB_NAME || 'shop',
  connectionLimit: 10,
});

const SORT_COLUMNS = { date: 'created_at', total: 'total' };

function orderClause(sort) {
  const col = SORT_COLUMNS[sort] || 'created_at';
  return `ORDER BY ${col} DESC`;
}

router.get('/orders', requireUser, async (req, res, next) => {
  try {
    const status = req.query.status || 'open';
    const sql = `SELECT id, total, status, created_at FROM orders
                 WHERE user_id = ${req.user.id} AND status = '${status}' ${orderClause(req.query.sort)}`;
    const [rows] = await pool.query(sql); // label: security/sql-injection
    res.json(rows);
  } catch (err) {
    next(err);
  }
});

router.get('/orders/:id', requireUser, async (req, res, next) => {
  try {
    const [rows] = await pool.execute('SELECT * FROM orders WHERE id = ?', [req.params.id]); // label: security/missing-authorization
    if (rows.length === 0) return res.status(404).json({ error: 'not found' });
    res.json(rows[0]);
  } catch (err) {
    next(err);
  }
});

router.post('/orders/:id/cancel', requireUser, async (req, res, next) => {
  try {
    const [rows] = await pool.execute(
      'SELECT id, status FROM orders WHERE id = ? AND user_id = ?',
      [req.params.id, req.user.id],
    );
    if (rows.length === 0) return res.status(404).json({ error: 'not found' });
    if (rows[0].status !== 'open') return res.status(409).json({ error: 'not cancellable' });
    pool.execute('UPDATE orders SET status = ? WHERE id = ?', ['cancelled', rows[0].id]); // label: concurrency/unawaited-promise
    res.json({ id: rows[0].id, status: 'cancelled' });
  } catch (err) {
    next(err);
  }
});

router.get('/orders/:id/items', requireUser, async (req, res, next) => {
  try {
    const [items] = await pool.execute(
      `SELECT i.sku, i.qty, i.price FROM order_items i
       JOIN orders o ON o.id = i.order_id
       WHERE o.id = ? AND o.user_id = ?`,
      [req.params.id, req.user.id],
    );
    res.json(items);
  } catch (err) {
    next(err);
  }
});

module.exports = router;
