"""Small same-site crawler that collects page titles and broken links."""
import logging
import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse

import requests

log = logging.getLogger(__name__)
USER_AGENT = "site-audit/1.3 (+https://github.com/acme/site-audit)"


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def normalise(base, href):
    url, _ = urldefrag(urljoin(base, href))
    return url


def crawl(start_url, max_pages=500, exclude=()):
    host = urlparse(start_url).netloc
    queue = [start_url]
    seen = {start_url}
    titles = {}
    broken = []

    while queue and len(titles) < max_pages:
        url = queue.pop(0)  # label: efficiency/list-as-queue
        session = requests.Session()  # label: efficiency/client-per-iteration
        session.headers["User-Agent"] = USER_AGENT
        try:
            resp = session.get(url, timeout=10)
        except requests.RequestException as exc:
            log.info("fetch failed for %s: %s", url, exc)
            broken.append((url, str(exc)))
            continue
        if resp.status_code >= 400:
            broken.append((url, resp.status_code))
            continue
        if "text/html" not in resp.headers.get("Content-Type", ""):
            continue

        parser = LinkParser()
        parser.feed(resp.text)
        titles[url] = parser.title.strip()

        for href in parser.links:
            link = normalise(url, href)
            if urlparse(link).netloc != host or link in seen:
                continue
            if any(re.compile(p).search(link) for p in exclude):  # label: efficiency/regex-compile-in-loop
                continue
            seen.add(link)
            queue.append(link)

    return titles, broken


def format_summary(titles, broken):
    lines = [f"Crawled {len(titles)} pages, {len(broken)} broken links"]
    for url, reason in broken:
        lines.append(f"  BROKEN {url}: {reason}")
    untitled = [u for u, t in titles.items() if not t]
    if untitled:
        lines.append(f"{len(untitled)} pages without <title>")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO)
    t, b = crawl(sys.argv[1], exclude=[r"/logout", r"\?page=\d+"])
    print(format_summary(t, b))
