const express = require("express");
const crypto = require("crypto");
const path = require("path");
const fs = require("fs/promises");
const { execFile } = require("child_process");
const { promisify } = require("util");
const { pool } = require("./db");

const execFileAsync = promisify(execFile);
const router = express.Router();
const EXPORT_DIR = path.resolve(__dirname, "..", "exports");
const ALLOWED_FORMATS = ["csv", "json", "xlsx"];

function newApiToken() {
  return crypto.randomBytes(32).toString("base64url");
}

function hashToken(token) {
  return crypto.createHash("sha256").update(token).digest("hex");
}

router.post("/account/tokens", async (req, res, next) => {
  try {
    const token = newApiToken();
    const label = String(req.body.label || "default").slice(0, 64);
    await pool.query("INSERT INTO api_tokens (user_id, label, token_hash) VALUES ($1, $2, $3)", [
      req.user.id,
      label,
      hashToken(token),
    ]);
    res.status(201).json({ token, label });
  } catch (err) {
    next(err);
  }
});

router.get("/account/search", async (req, res, next) => {
  try {
    const q = String(req.query.q || "");
    const { rows } = await pool.query(
      `SELECT id, title FROM documents WHERE owner_id = $1 AND title ILIKE '%' || $2 || '%' ORDER BY title LIMIT 50`,
      [req.user.id, q]
    );
    res.json(rows);
  } catch (err) {
    next(err);
  }
});

router.get("/account/exports/:name", async (req, res, next) => {
  try {
    const file = path.resolve(EXPORT_DIR, String(req.user.id), path.basename(req.params.name));
    if (!file.startsWith(EXPORT_DIR + path.sep)) {
      return res.status(400).json({ error: "invalid file name" });
    }
    await fs.access(file);
    res.download(file);
  } catch (err) {
    if (err.code === "ENOENT") return res.status(404).json({ error: "not found" });
    next(err);
  }
});

router.post("/account/exports", async (req, res, next) => {
  const format = req.body.format;
  if (!ALLOWED_FORMATS.includes(format)) {
    return res.status(400).json({ error: `format must be one of ${ALLOWED_FORMATS.join(", ")}` });
  }
  try {
    const outDir = path.join(EXPORT_DIR, String(req.user.id));
    await fs.mkdir(outDir, { recursive: true });
    const outFile = path.join(outDir, `export-${Date.now()}.${format}`);
    await execFileAsync("node", [path.join(__dirname, "exporter.js"), "--user", String(req.user.id), "--out", outFile], {
      timeout: 60000,
    });
    res.status(201).json({ file: path.basename(outFile) });
  } catch (err) {
    next(err);
  }
});

router.get("/account/summary", async (req, res, next) => {
  try {
    const [docs, tokens, exportsList] = await Promise.all([
      pool.query("SELECT count(*)::int AS n FROM documents WHERE owner_id = $1", [req.user.id]),
      pool.query("SELECT count(*)::int AS n FROM api_tokens WHERE user_id = $1", [req.user.id]),
      fs.readdir(path.join(EXPORT_DIR, String(req.user.id))).catch((err) => {
        if (err.code === "ENOENT") return [];
        throw err;
      }),
    ]);
    let message = `${docs.rows[0].n} documents`;
    message += `, ${tokens.rows[0].n} API tokens`;
    res.json({ message, exports: exportsList.length });
  } catch (err) {
    next(err);
  }
});

module.exports = router;
