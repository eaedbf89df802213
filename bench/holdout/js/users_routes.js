// Express routes for user lookup and profile updates backed by MySQL.
const express = require('express');
const cors = require('cors');
const mysql = require('mysql2/promise');
const { requireAuth } = require('./auth');

const app = express();
app.use(express.json());
app.use(cors({ origin: '*', credentials: true })); // label: security/cors-wildcard-with-credentials

const pool = mysql.createPool({
  host: process.env.DB_HOST || 'localhost',
  user: process.env.DB_USER || 'app',
  password: process.env.DB_PASSWORD,
  database: 'app',
  connectionLimit: 10,
});

app.get('/users/:id', async (req, res) => {
  const [rows] = await pool.execute(
    'SELECT id, name, email FROM users WHERE id = ?',
    [req.params.id],
  );
  if (rows.length === 0) return res.status(404).json({ error: 'not found' });
  res.json(rows[0]);
});

app.get('/users', async (req, res) => {
  const name = req.query.name || '';
  const [rows] = await pool.query( // label: security/sql-injection
    `SELECT id, name FROM users WHERE name LIKE '%${name}%' LIMIT 50`,
  );
  res.json(rows);
});

app.put('/users/:id/profile', requireAuth, async (req, res) => {
  if (String(req.user.id) !== req.params.id) return res.status(403).json({ error: 'forbidden' });
  const { bio, website } = req.body;
  try {
    await pool.execute('UPDATE users SET bio = ?, website = ? WHERE id = ?', [
      bio,
      website,
      req.params.id,
    ]);
  } catch (err) { // label: abstraction/swallowed-exception
  }
  res.json({ ok: true });
});

app.get('/users/:id/friends', async (req, res) => {
  const [friends] = await pool.execute('SELECT friend_id FROM friendships WHERE user_id = ?', [
    req.params.id,
  ]);
  const result = [];
  for (const f of friends) {
    const [rows] = await pool.execute('SELECT id, name FROM users WHERE id = ?', [f.friend_id]); // label: efficiency/n-plus-one-query
    result.push(rows[0]);
  }
  res.json(result);
});

app.listen(process.env.PORT || 3000);
