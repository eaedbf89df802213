"""Product search with dynamically built but fully parameterised SQL."""
import sqlite3
from typing import Any, Dict, List, Optional, Tuple

SORTABLE = {"name": "p.name", "price": "p.price", "created": "p.created_at"}
MAX_PAGE_SIZE = 100


def build_query(filters: Dict[str, Any], sort: str = "name", desc: bool = False,
                page: int = 1, page_size: int = 20) -> Tuple[str, List[Any]]:
    where: List[str] = []
    params: List[Any] = []
    if filters.get("q"):
        where.append("(p.name LIKE ? OR p.description LIKE ?)")
        like = f"%{filters['q']}%"
        params.extend([like, like])
    if filters.get("category_ids"):
        ids = [int(i) for i in filters["category_ids"]]
        where.append("p.category_id IN (%s)" % ", ".join("?" for _ in ids))
        params.extend(ids)
    if filters.get("min_price") is not None:
        where.append("p.price >= ?")
        params.append(float(filters["min_price"]))
    if filters.get("max_price") is not None:
        where.append("p.price <= ?")
        params.append(float(filters["max_price"]))

    order_col = SORTABLE.get(sort, SORTABLE["name"])
    direction = "DESC" if desc else "ASC"
    page = max(1, int(page))
    page_size = min(MAX_PAGE_SIZE, max(1, int(page_size)))

    sql = "SELECT p.id, p.name, p.price FROM products p"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order_col} {direction}, p.id LIMIT ? OFFSET ?"
    params.extend([page_size, (page - 1) * page_size])
    return sql, params


class ProductRepo:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.conn.row_factory = sqlite3.Row

    def search(self, filters: Dict[str, Any], **opts) -> List[dict]:
        sql, params = build_query(filters, **opts)
        return [dict(r) for r in self.conn.execute(sql, params)]

    def count(self, filters: Dict[str, Any]) -> int:
        sql, params = build_query(filters, page=1, page_size=MAX_PAGE_SIZE)
        inner = sql.rsplit(" ORDER BY", 1)[0]
        return self.conn.execute(f"SELECT COUNT(*) FROM ({inner})", params[:-2]).fetchone()[0]

    def get(self, product_id: int) -> Optional[dict]:
        row = self.conn.execute(
            "SELECT id, name, price, description FROM products WHERE id = ?", (product_id,)
        ).fetchone()
        return dict(row) if row else None

    def prices_for(self, ids: List[int]) -> Dict[int, float]:
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        rows = self.conn.execute(f"SELECT id, price FROM products WHERE id IN ({marks})", list(ids))
        return {r["id"]: r["price"] for r in rows}
