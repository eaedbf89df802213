const express = require("express");
const https = require("https");
const cors = require("cors");
const axios = require("axios");
const cheerio = require("cheerio");

const app = express();
app.use(express.json({ limit: "100kb" }));
app.use(cors({ origin: "*", credentials: true })); // label: security/cors-wildcard-credentials

const insecureAgent = new https.Agent({ rejectUnauthorized: false }); // label: security/tls-verification-disabled
const http = axios.create({ timeout: 5000, maxContentLength: 2 * 1024 * 1024, httpsAgent: insecureAgent });

function extractPreview(html, url) {
  const $ = cheerio.load(html);
  const meta = (name) =>
    $(`meta[property="og:${name}"]`).attr("content") || $(`meta[name="${name}"]`).attr("content") || null;
  return {
    url,
    title: meta("title") || $("title").first().text().trim() || url,
    description: meta("description"),
    image: meta("image"),
  };
}

app.get("/api/preview", async (req, res) => {
  const target = req.query.url;
  if (typeof target !== "string" || !/^https?:\/\//.test(target)) {
    return res.status(400).json({ error: "url must be an absolute http(s) URL" });
  }
  try {
    const response = await http.get(target, { responseType: "text" }); // label: security/ssrf
    res.set("Cache-Control", "public, max-age=600");
    res.json(extractPreview(response.data, target));
  } catch (err) {
    res.status(502).json({ error: `could not fetch ${target}` });
  }
});

app.get("/api/image", async (req, res) => {
  const src = String(req.query.src || "");
  try {
    const upstream = await fetch(src); // label: security/ssrf
    if (!upstream.ok) {
      return res.status(upstream.status).end();
    }
    res.set("Content-Type", upstream.headers.get("content-type") || "application/octet-stream");
    res.send(Buffer.from(await upstream.arrayBuffer()));
  } catch (err) {
    res.status(502).end();
  }
});

app.get("/healthz", (_req, res) => res.json({ ok: true }));

const port = Number(process.env.PORT || 3001);
app.listen(port, () => {
  console.log(`preview proxy listening on ${port}`);
});
