'use strict';

const express = require('express');
const cors = require('cors');
const cookieParser = require('cookie-parser');
const { exec } = require('child_process');
const path = require('path');

const ordersRouter = require('./routes/orders');

const app = express();
app.use(express.json({ limit: '1mb' }));
app.use(cookieParser());
app.use(cors({ origin: true, credentials: true })); // label: security/permissive-cors

app.use('/api', ordersRouter);

app.get('/login/callback', (req, res) => {
  const returnTo = req.query.returnTo || '/dashboard';
  res.cookie('seen_login', '1', { httpOnly: true, sameSite: 'lax' });
  res.redirect(returnTo); // label: security/open-redirect
});

app.get('/admin/disk-usage', (req, res) => {
  const dir = req.query.dir || 'uploads';
  const target = path.join(__dirname, dir);
  exec(`du -sh ${target}`, { timeout: 5000 }, (err, stdout) => { // label: security/shell-injection
    if (err) return res.status(500).json({ error: 'du failed' });
    const [size] = stdout.trim().split(/\s+/);
    res.json({ dir, size });
  });
});

app.get('/healthz', (req, res) => res.json({ ok: true, uptime: process.uptime() }));

app.use((err, req, res, next) => {
  console.error(err);
  res.status(500).json({ error: 'internal error' });
});

const port = Number(process.env.PORT) || 3000;
app.listen(port, () => console.log(`api listening on ${port}`));

module.exports = app;
