"""Scrape competitor prices and store them for the pricing dashboard."""

import csv
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

import click
import requests
from bs4 import BeautifulSoup

log = logging.getLogger("scraper")

HEADERS = {"User-Agent": "Mozilla/5.0 (compatible; PriceWatch/0.3)"}


@dataclass
class PricePoint:
    sku: str
    url: str
    price: Optional[float]
    fetched_at: str


def parse_price(html: str, selector: str) -> Optional[float]:
    soup = BeautifulSoup(html, "html.parser")
    node = soup.select_one(selector)
    if node is None:
        return None
    text = node.get_text(strip=True).replace("$", "").replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def fetch(session: requests.Session, url: str, retries: int = 3) -> Optional[str]:
    for attempt in range(1, retries + 1):
        try:
            resp = session.get(url, headers=HEADERS)  # label: security/no-timeout
            if resp.status_code == 200:
                return resp.text
            log.warning("%s returned %s", url, resp.status_code)
        except requests.RequestException as exc:
            log.warning("attempt %d for %s failed: %s", attempt, url, exc)
        time.sleep(2 ** attempt)
    return None


@click.command()
@click.argument("targets", type=click.Path(exists=True, path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=Path("prices.csv"))
@click.option("--selector", default=".price")
@click.option("--delay", type=float, default=1.0)
def main(targets: Path, out: Path, selector: str, delay: float) -> None:
    logging.basicConfig(level=logging.INFO)
    session = requests.Session()
    points = []
    with targets.open() as fh:
        for row in csv.DictReader(fh):
            html = fetch(session, row["url"])
            price = parse_price(html, selector) if html else None
            points.append(PricePoint(row["sku"], row["url"], price, datetime.now(timezone.utc).isoformat()))
            time.sleep(delay)
    new_file = not out.exists()
    with out.open("a", newline="") as fh:
        writer = csv.writer(fh)
        if new_file:
            writer.writerow(["sku", "url", "price", "fetched_at"])
        for p in points:
            writer.writerow([p.sku, p.url, "" if p.price is None else f"{p.price:.2f}", p.fetched_at])
    click.echo(f"wrote {len(points)} prices to {out}")


if __name__ == "__main__":
    main()
