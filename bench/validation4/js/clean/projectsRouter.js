'use strict';

const express = require('express');
const { Pool } = require('pg');
const path = require('path');
const { execFile } = require('child_process');
const crypto = require('crypto');

const router = express.Router();
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

const SORTS = { name: 'name', created: 'created_at', updated: 'updated_at' };
const EXPORT_ROOT = path.resolve(process.env.EXPORT_ROOT || '/srv/exports');
const ALLOWED_RETURN = new Set(['/projects', '/dashboard', '/settings']);

router.get('/projects', async (req, res, next) => {
  try {
    const column = SORTS[req.query.sort] || 'created_at';
    const { rows } = await pool.query(
      `SELECT id, name, created_at FROM projects WHERE owner_id = $1 ORDER BY ${column} DESC LIMIT 50`,
      [req.user.id],
    );
    res.json(rows);
  } catch (err) {
    next(err);
  }
});

router.post('/projects/archive', async (req, res, next) => {
  try {
    const ids = (req.body.ids || []).map(Number).filter(Number.isInteger);
    await Promise.all(
      ids.map((id) => pool.query('UPDATE projects SET archived = true WHERE id = $1 AND owner_id = $2', [id, req.user.id])),
    );
    res.json({ archived: ids.length });
  } catch (err) {
    next(err);
  }
});

router.get('/exports/:name', (req, res) => {
  const target = path.resolve(EXPORT_ROOT, req.params.name);
  if (!target.startsWith(EXPORT_ROOT + path.sep)) return res.status(400).end();
  return res.sendFile(target);
});

router.post('/projects/:id/zip', (req, res, next) => {
  const id = Number(req.params.id);
  if (!Number.isInteger(id)) return res.status(400).end();
  const out = path.join(EXPORT_ROOT, `project-${id}.zip`);
  execFile('zip', ['-rq', out, path.join('/srv/projects', String(id))], { timeout: 60000 }, (err) => {
    if (err) return next(err);
    return res.json({ file: path.basename(out) });
  });
});

router.get('/share-token', (req, res) => {
  res.json({ token: crypto.randomBytes(24).toString('base64url') });
});

router.get('/continue', (req, res) => {
  const target = ALLOWED_RETURN.has(req.query.to) ? req.query.to : '/dashboard';
  res.redirect(target);
});

module.exports = router;
