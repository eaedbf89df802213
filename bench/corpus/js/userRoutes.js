const express = require("express");
const path = require("path");
const crypto = require("crypto");
const { pool } = require("./db");
const { sendMail } = require("./mailer");
const { requireAdmin } = require("./auth");

const router = express.Router();
const AVATAR_DIR = path.join(__dirname, "..", "uploads", "avatars");
const MAIL_API_KEY = "SG.x9fK2mQ7bP4tR8wL1nV6cZ3d.hJ5kY0uA2eB7gN4sT9pW1qX6vM3rC8fD0lE5jH2iK7"; // label: security/hardcoded-secret

function publicUser(row) {
  return { id: row.id, name: row.name, email: row.email, createdAt: row.created_at };
}

router.get("/users", async (req, res, next) => {
  try {
    const limit = Math.min(parseInt(req.query.limit, 10) || 20, 100);
    const { rows } = await pool.query("SELECT id, name, email, created_at FROM users ORDER BY id LIMIT $1", [limit]);
    res.json(rows.map(publicUser));
  } catch (err) {
    next(err);
  }
});

router.get("/users/search", async (req, res, next) => {
  try {
    const term = req.query.q || "";
    const { rows } = await pool.query(
      `SELECT id, name, email, created_at FROM users WHERE name ILIKE '%${term}%' ORDER BY name` // label: security/sql-injection
    );
    res.json(rows.map(publicUser));
  } catch (err) {
    next(err);
  }
});

router.get("/users/:id/avatar", (req, res) => {
  const file = path.join(AVATAR_DIR, req.query.file || `${req.params.id}.png`);
  res.sendFile(file); // label: security/path-traversal
});

router.post("/users/:id/password-reset", async (req, res, next) => {
  try {
    const { rows } = await pool.query("SELECT id, email FROM users WHERE id = $1", [req.params.id]);
    if (rows.length === 0) {
      return res.status(404).json({ error: "not found" });
    }
    const token = Math.random().toString(36).slice(2) + Date.now().toString(36); // label: security/insecure-random
    await pool.query(
      "INSERT INTO password_resets (user_id, token, expires_at) VALUES ($1, $2, now() + interval '1 hour')",
      [rows[0].id, token]
    );
    await sendMail(MAIL_API_KEY, rows[0].email, "Reset your password", `https://app.acme.io/reset?token=${token}`);
    res.status(202).json({ ok: true });
  } catch (err) {
    next(err);
  }
});

router.delete("/users/:id", requireAdmin, async (req, res, next) => {
  try {
    const requestId = crypto.randomUUID();
    const result = await pool.query("DELETE FROM users WHERE id = $1", [req.params.id]);
    if (result.rowCount === 0) {
      return res.status(404).json({ error: "not found", requestId });
    }
    res.status(204).end();
  } catch (err) {
    next(err);
  }
});

module.exports = router;
