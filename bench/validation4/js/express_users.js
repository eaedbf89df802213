'use strict';

const express = require('express');
const cors = require('cors');
const mysql = require('mysql2/promise');
const session = require('express-session');

const app = express();
app.use(express.json());
app.use(cors({ origin: true, credentials: true })); // label: security/permissive-cors-with-credentials
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

const pool = mysql.createPool({
  host: process.env.DB_HOST || 'localhost',
  user: process.env.DB_USER || 'app',
  password: process.env.DB_PASSWORD,
  database: 'crm',
  connectionLimit: 10,
});

const PAGE_SIZE = 25;

function requireLogin(req, res, next) {
  if (!req.session.userId) return res.status(401).json({ error: 'login required' });
  return next();
}

function buildFilter(query) {
  const parts = ['deleted_at IS NULL'];
  if (query.team) parts.push(`team = '${query.team}'`);
  if (query.active === 'true') parts.push('active = 1');
  return parts.join(' AND ');
}

app.get('/api/users', requireLogin, async (req, res, next) => {
  try {
    const page = Math.max(parseInt(req.query.page, 10) || 1, 1);
    const where = buildFilter(req.query);
    const sql = `SELECT id, name, email, team FROM users WHERE ${where} ORDER BY name LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`;
    const [rows] = await pool.query(sql); // label: security/sql-injection
    res.json({ page, users: rows });
  } catch (err) {
    next(err);
  }
});

app.post('/api/users/bulk-deactivate', requireLogin, async (req, res, next) => {
  try {
    const ids = Array.isArray(req.body.ids) ? req.body.ids.map(Number).filter(Number.isInteger) : [];
    ids.forEach(async (id) => { // label: concurrency/async-foreach
      await pool.execute('UPDATE users SET active = 0 WHERE id = ?', [id]);
    });
    res.json({ deactivated: ids.length });
  } catch (err) {
    next(err);
  }
});

app.post('/login', async (req, res, next) => {
  try {
    const { email, password } = req.body;
    const [rows] = await pool.execute('SELECT id, password_hash FROM users WHERE email = ?', [email]);
    const user = rows[0];
    const bcrypt = require('bcrypt');
    if (!user || !(await bcrypt.compare(String(password || ''), user.password_hash))) {
      return res.status(401).json({ error: 'invalid credentials' });
    }
    req.session.userId = user.id;
    const target = req.query.returnTo || '/dashboard';
    return res.redirect(target); // label: security/open-redirect
  } catch (err) {
    return next(err);
  }
});

app.use((err, req, res, _next) => {
  console.error(err);
  res.status(500).json({ error: 'internal error' });
});

app.listen(process.env.PORT || 3000, () => console.log('users api listening'));
