const express = require("express");
const { db } = require("./db");

const router = express.Router();

const DEFAULT_PREFS = {
  theme: "light",
  notifications: { email: true, push: false, digest: "weekly" },
  dashboard: { widgets: ["revenue", "orders"], compact: false },
};

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function deepMerge(target, source) {
  for (const key of Object.keys(source)) {
    if (isObject(source[key])) {
      if (!isObject(target[key])) target[key] = {};
      deepMerge(target[key], source[key]);
    } else {
      target[key] = source[key];
    }
  }
  return target;
}

function cloneDefaults() {
  return structuredClone(DEFAULT_PREFS);
}

router.get("/preferences", async (req, res, next) => {
  try {
    const row = await db.oneOrNone("SELECT prefs FROM user_prefs WHERE user_id = $1", [req.user.id]);
    res.json(deepMerge(cloneDefaults(), row ? row.prefs : {}));
  } catch (err) {
    next(err);
  }
});

router.patch("/preferences", async (req, res, next) => {
  try {
    const row = await db.oneOrNone("SELECT prefs FROM user_prefs WHERE user_id = $1", [req.user.id]);
    const current = deepMerge(cloneDefaults(), row ? row.prefs : {});
    const updated = deepMerge(current, JSON.parse(req.body.prefs)); // label: security/prototype-pollution
    await db.none(
      "INSERT INTO user_prefs (user_id, prefs) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET prefs = $2",
      [req.user.id, updated]
    );
    res.json(updated);
  } catch (err) {
    next(err);
  }
});

router.get("/preferences/search-log", async (req, res, next) => {
  try {
    const pattern = new RegExp(`^(${req.query.pattern})+$`, "i"); // label: security/redos
    const rows = await db.any("SELECT message FROM audit_log WHERE user_id = $1 ORDER BY id DESC LIMIT 500", [
      req.user.id,
    ]);
    res.json(rows.filter((r) => pattern.test(r.message)).map((r) => r.message));
  } catch (err) {
    next(err);
  }
});

module.exports = { router, deepMerge };
