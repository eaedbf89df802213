'use strict';

const crypto = require('crypto');
const path = require('path');
const fs = require('fs');
const { execFile } = require('child_process');
const { promisify } = require('util');
const express = require('express');
const { Pool } = require('pg');

const execFileAsync = promisify(execFile);
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const router = express.Router();
const EXPORT_ROOT = path.resolve(process.env.EXPORT_ROOT || '/srv/exports');
const ALLOWED_REDIRECTS = new Set(['/admin', '/admin/users', '/admin/exports']);

function safeEqual(a, b) {
  const ba = Buffer.from(String(a));
  const bb = Buffer.from(String(b));
  return ba.length === bb.length && crypto.timingSafeEqual(ba, bb);
}

router.use((req, res, next) => {
  if (!safeEqual(req.get('x-admin-key') || '', process.env.ADMIN_KEY || crypto.randomBytes(32).toString('hex'))) {
    return res.status(403).end();
  }
  next();
});

router.get('/users', async (req, res, next) => {
  try {
    const { rows } = await pool.query('SELECT id, email FROM users WHERE email ILIKE $1 ORDER BY id LIMIT 100', [
      `%${req.query.q || ''}%`,
    ]);
    res.json(rows);
  } catch (err) {
    next(err);
  }
});

router.get('/users/details', async (req, res, next) => {
  try {
    const ids = String(req.query.ids || '').split(',').map(Number).filter(Number.isInteger);
    const [users, roles] = await Promise.all([
      pool.query('SELECT id, email FROM users WHERE id = ANY($1)', [ids]),
      pool.query('SELECT user_id, role FROM roles WHERE user_id = ANY($1)', [ids]),
    ]);
    const rolesByUser = new Map();
    for (const r of roles.rows) {
      if (!rolesByUser.has(r.user_id)) rolesByUser.set(r.user_id, []);
      rolesByUser.get(r.user_id).push(r.role);
    }
    res.json(users.rows.map((u) => ({ ...u, roles: rolesByUser.get(u.id) || [] })));
  } catch (err) {
    next(err);
  }
});

router.get('/exports/:name', (req, res) => {
  const target = path.resolve(EXPORT_ROOT, path.basename(req.params.name));
  if (!target.startsWith(EXPORT_ROOT + path.sep) || !fs.existsSync(target)) {
    return res.status(404).end();
  }
  res.download(target);
});

router.post('/exports/:name/compress', async (req, res, next) => {
  try {
    const target = path.resolve(EXPORT_ROOT, path.basename(req.params.name));
    await execFileAsync('gzip', ['-k', '-f', '--', target], { timeout: 60000 });
    res.json({ ok: true, token: crypto.randomBytes(24).toString('base64url') });
  } catch (err) {
    next(err);
  }
});

router.get('/done', (req, res) => {
  const next = String(req.query.next || '/admin');
  res.redirect(ALLOWED_REDIRECTS.has(next) ? next : '/admin');
});

module.exports = router;
