"""Link preview service: fetches a page and extracts OpenGraph metadata."""

import logging
from urllib.parse import urljoin

import requests
from bs4 import BeautifulSoup
from flask import Flask, jsonify, request

app = Flask(__name__)
log = logging.getLogger(__name__)

USER_AGENT = "LinkPreviewBot/1.2 (+https://example.com/bot)"
MAX_BYTES = 2 * 1024 * 1024


def extract_metadata(html: str, base_url: str) -> dict:
    soup = BeautifulSoup(html, "html.parser")

    def og(prop):
        tag = soup.find("meta", property=f"og:{prop}")
        return tag["content"].strip() if tag and tag.get("content") else None

    title = og("title") or (soup.title.string.strip() if soup.title and soup.title.string else None)
    image = og("image")
    return {
        "title": title,
        "description": og("description"),
        "image": urljoin(base_url, image) if image else None,
        "site_name": og("site_name"),
    }


@app.get("/preview")
def preview():
    url = request.args.get("url", "")
    if not url.startswith(("http://", "https://")):
        return jsonify({"error": "url must be http(s)"}), 400
    resp = requests.get(url, headers={"User-Agent": USER_AGENT}, verify=False, stream=True)  # label: security/ssrf; security/tls-verify-disabled; security/no-timeout
    try:
        content = resp.raw.read(MAX_BYTES, decode_content=True)
    finally:
        resp.close()
    if "html" not in resp.headers.get("Content-Type", ""):
        return jsonify({"url": url, "title": None})
    meta = extract_metadata(content.decode(resp.encoding or "utf-8", errors="replace"), resp.url)
    meta["url"] = resp.url
    return jsonify(meta)


@app.get("/health")
def health():
    return jsonify({"status": "ok"})
