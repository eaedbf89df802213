"""Import product feeds supplied by partners as XML into the catalogue table."""
import logging
import sqlite3
from decimal import Decimal, InvalidOperation

from lxml import etree

log = logging.getLogger(__name__)


def parse_feed(xml_bytes: bytes) -> list[dict]:
    parser = etree.XMLParser(resolve_entities=True, no_network=False)  # label: security/xxe
    root = etree.fromstring(xml_bytes, parser)
    products = []
    for node in root.iter("product"):
        sku = node.findtext("sku", "").strip()
        if not sku:
            continue
        try:
            price = Decimal(node.findtext("price", "0"))
        except InvalidOperation:
            log.warning("bad price for %s", sku)
            continue
        products.append({
            "sku": sku,
            "title": node.findtext("title", "").strip(),
            "price": str(price),
            "stock": int(node.findtext("stock", "0") or 0),
        })
    return products


def upsert(conn: sqlite3.Connection, partner: str, products: list[dict]) -> int:
    existing = [row[0] for row in conn.execute("SELECT sku FROM catalogue WHERE partner = ?", (partner,))]
    inserted = 0
    for p in products:
        if p["sku"] in existing:  # label: efficiency/list-membership
            conn.execute(
                "UPDATE catalogue SET title = ?, price = ?, stock = ? WHERE partner = ? AND sku = ?",
                (p["title"], p["price"], p["stock"], partner, p["sku"]),
            )
        else:
            conn.execute(
                "INSERT INTO catalogue (partner, sku, title, price, stock) VALUES (?, ?, ?, ?, ?)",
                (partner, p["sku"], p["title"], p["price"], p["stock"]),
            )
            inserted += 1
    conn.commit()
    return inserted


def import_file(db_path: str, partner: str, feed_path: str) -> int:
    with open(feed_path, "rb") as fh:
        products = parse_feed(fh.read())
    conn = sqlite3.connect(db_path)
    try:
        return upsert(conn, partner, products)
    finally:
        conn.close()


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO)
    print(import_file(sys.argv[1], sys.argv[2], sys.argv[3]), "new products")
