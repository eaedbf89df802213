'use strict';

const express = require('express');
const { Pool } = require('pg');
const { requireUser } = require('./auth');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const router = express.Router();

const SORTS = { date: 'issued_at', amount: 'amount_cents', status: 'status' };
const MAX_LIMIT = 100;

function buildListQuery(userId, q) {
  const where = ['owner_id = $1'];
  const params = [userId];
  if (q.status) {
    params.push(String(q.status));
    where.push(`status = $${params.length}`);
  }
  if (q.from) {
    params.push(new Date(q.from));
    where.push(`issued_at >= $${params.length}`);
  }
  const sortCol = SORTS[q.sort] || SORTS.date;
  const dir = q.dir === 'asc' ? 'ASC' : 'DESC';
  const limit = Math.min(MAX_LIMIT, Math.max(1, parseInt(q.limit, 10) || 20));
  const page = Math.max(1, parseInt(q.page, 10) || 1);
  params.push(limit, (page - 1) * limit);
  const text = `SELECT id, number, amount_cents, status, issued_at FROM invoices
    WHERE ${where.join(' AND ')}
    ORDER BY ${sortCol} ${dir}, id
    LIMIT $${params.length - 1} OFFSET $${params.length}`;
  return { text, values: params, limit, page };
}

router.get('/invoices', requireUser, async (req, res, next) => {
  try {
    const { text, values, limit, page } = buildListQuery(req.user.id, req.query);
    const { rows } = await pool.query(text, values);
    res.json({ page, limit, items: rows });
  } catch (err) {
    next(err);
  }
});

router.get('/invoices/:id', requireUser, async (req, res, next) => {
  try {
    const { rows } = await pool.query(
      'SELECT * FROM invoices WHERE id = $1 AND owner_id = $2',
      [req.params.id, req.user.id],
    );
    if (rows.length === 0) return res.status(404).json({ error: 'not found' });
    res.json(rows[0]);
  } catch (err) {
    next(err);
  }
});

router.post('/invoices/:id/void', requireUser, async (req, res, next) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(
      'SELECT status FROM invoices WHERE id = $1 AND owner_id = $2 FOR UPDATE',
      [req.params.id, req.user.id],
    );
    if (rows.length === 0) {
      await client.query('ROLLBACK');
      return res.status(404).json({ error: 'not found' });
    }
    if (rows[0].status === 'paid') {
      await client.query('ROLLBACK');
      return res.status(409).json({ error: 'already paid' });
    }
    await client.query("UPDATE invoices SET status = 'void' WHERE id = $1", [req.params.id]);
    await client.query('COMMIT');
    res.json({ id: req.params.id, status: 'void' });
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    next(err);
  } finally {
    client.release();
  }
});

module.exports = router;
