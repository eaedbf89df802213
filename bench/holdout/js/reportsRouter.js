// Express router serving generated report files and a paginated report index.
const express = require('express');
const fs = require('fs/promises');
const path = require('path');
const { Pool } = require('pg');

const REPORT_ROOT = path.resolve(process.env.REPORT_ROOT || './reports');
const pool = new Pool({ connectionString: process.env.DATABASE_URL, statement_timeout: 5000 });
const router = express.Router();

function resolveReport(name) {
  const target = path.resolve(REPORT_ROOT, name);
  if (!target.startsWith(REPORT_ROOT + path.sep)) {
    return null;
  }
  return target;
}

router.get('/reports', async (req, res, next) => {
  const limit = Math.min(parseInt(req.query.limit, 10) || 20, 100);
  const offset = Math.max(parseInt(req.query.offset, 10) || 0, 0);
  try {
    const { rows } = await pool.query(
      'SELECT id, name, created_at FROM reports WHERE owner_id = $1 ORDER BY created_at DESC LIMIT $2 OFFSET $3',
      [req.user.id, limit, offset],
    );
    res.json({ items: rows, limit, offset });
  } catch (err) {
    next(err);
  }
});

router.get('/reports/:name/download', async (req, res, next) => {
  const file = resolveReport(req.params.name);
  if (!file) return res.status(400).json({ error: 'invalid report name' });
  try {
    const { rowCount } = await pool.query(
      'SELECT 1 FROM reports WHERE owner_id = $1 AND name = $2',
      [req.user.id, req.params.name],
    );
    if (rowCount === 0) return res.status(404).json({ error: 'not found' });
    await fs.access(file);
    res.download(file);
  } catch (err) {
    if (err.code === 'ENOENT') return res.status(404).json({ error: 'not found' });
    next(err);
  }
});

module.exports = router;
