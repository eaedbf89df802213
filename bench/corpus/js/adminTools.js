const express = require("express");
const { exec, execFile } = require("child_process");
const { promisify } = require("util");
const { requireRole } = require("./auth");

const execFileAsync = promisify(execFile);
const router = express.Router();
router.use(requireRole("admin"));

const ALLOWED_SERVICES = ["api", "worker", "scheduler"];

router.post("/admin/dns-check", (req, res) => {
  const host = req.body.host;
  exec(`dig +short ${host}`, { timeout: 5000 }, (err, stdout) => { // label: security/command-injection
    if (err) {
      return res.status(500).json({ error: "lookup failed" });
    }
    res.json({ host, addresses: stdout.trim().split("\n").filter(Boolean) });
  });
});

router.post("/admin/restart", async (req, res) => {
  const service = req.body.service;
  if (!ALLOWED_SERVICES.includes(service)) {
    return res.status(400).json({ error: "unknown service" });
  }
  try {
    const { stdout } = await execFileAsync("systemctl", ["restart", `acme-${service}`], { timeout: 20000 });
    res.json({ ok: true, output: stdout });
  } catch (err) {
    res.status(500).json({ error: err.message });
  }
});

router.post("/admin/calc", (req, res) => {
  const { expression } = req.body;
  try {
    const value = eval(expression); // label: security/code-injection
    res.json({ value });
  } catch (err) {
    res.status(400).json({ error: "invalid expression" });
  }
});

router.post("/admin/report-filter", (req, res) => {
  const predicate = new Function("row", `return ${req.body.filter};`); // label: security/code-injection
  const rows = req.app.locals.lastReport || [];
  res.json(rows.filter((row) => predicate(row)));
});

router.post("/admin/announce", (req, res) => {
  const { message, delaySeconds } = req.body;
  setTimeout(`broadcast("${message}")`, Number(delaySeconds) * 1000); // label: security/code-injection
  res.status(202).json({ scheduled: true });
});

router.get("/admin/uptime", async (_req, res, next) => {
  try {
    const { stdout } = await execFileAsync("uptime", ["-p"]);
    res.json({ uptime: stdout.trim() });
  } catch (err) {
    next(err);
  }
});

module.exports = router;
