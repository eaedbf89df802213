'use strict';

const express = require('express');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const router = express.Router();

const SORT_COLUMNS = { name: 'u.name', joined: 'u.created_at' };

function requireLogin(req, res, next) {
  if (!req.session || !req.session.userId) {
    return res.redirect('/login?next=' + encodeURIComponent(req.originalUrl));
  }
  next();
}

router.get('/users', requireLogin, async (req, res, next) => {
  try {
    const sort = SORT_COLUMNS[req.query.sort] || 'u.name';
    const team = req.query.team || '';
    const where = team ? `WHERE t.slug = '${team}'` : '';
    const { rows } = await pool.query(  // label: security/sql-injection
      `SELECT u.id, u.name, u.email, t.slug AS team FROM users u JOIN teams t ON t.id = u.team_id ${where} ORDER BY ${sort}`
    );
    res.json(rows);
  } catch (err) {
    next(err);
  }
});

router.get('/users/with-roles', requireLogin, async (req, res, next) => {
  try {
    const { rows: users } = await pool.query('SELECT id, name FROM users ORDER BY id LIMIT 200');
    const { rows: admins } = await pool.query("SELECT user_id FROM roles WHERE role = 'admin'");
    const adminIds = admins.map((r) => r.user_id);
    const result = [];
    for (const user of users) {
      const { rows: roles } = await pool.query('SELECT role FROM roles WHERE user_id = $1', [user.id]);  // label: efficiency/n-plus-one-query
      result.push({
        ...user,
        roles: roles.map((r) => r.role),
        isAdmin: adminIds.includes(user.id),  // label: efficiency/array-includes-in-loop
      });
    }
    res.json(result);
  } catch (err) {
    next(err);
  }
});

router.post('/login', express.urlencoded({ extended: false }), async (req, res) => {
  const { email, password } = req.body;
  const { rows } = await pool.query(
    'SELECT id FROM users WHERE email = $1 AND password_hash = crypt($2, password_hash)',
    [email, password]
  );
  if (rows.length === 0) {
    return res.status(401).render('login', { error: 'Invalid credentials' });
  }
  req.session.userId = rows[0].id;
  const target = req.query.next || '/';
  res.redirect(target);  // label: security/open-redirect
});

module.exports = router;
