"""Data access layer for users, using parameterised queries throughout."""

import sqlite3
from dataclasses import dataclass
from typing import Iterable, Optional

import pandas as pd
from sqlalchemy import bindparam, text
from sqlalchemy.engine import Engine

SORTABLE = {"name": "name", "created": "created_at", "email": "email"}


@dataclass
class User:
    id: int
    name: str
    email: str


class UserRepository:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def find_by_name(self, name: str, limit: int = 20) -> list[User]:
        cur = self.conn.execute(
            "SELECT id, name, email FROM users WHERE name LIKE ? ORDER BY name LIMIT ?",
            (f"%{name}%", limit),
        )
        return [User(*row) for row in cur.fetchall()]

    def get(self, user_id: int) -> Optional[User]:
        row = self.conn.execute("SELECT id, name, email FROM users WHERE id = ?", (user_id,)).fetchone()
        return User(*row) if row else None

    def list_sorted(self, sort: str, descending: bool = False) -> list[User]:
        column = SORTABLE.get(sort, "name")
        direction = "DESC" if descending else "ASC"
        cur = self.conn.execute(f"SELECT id, name, email FROM users ORDER BY {column} {direction}")
        return [User(*row) for row in cur.fetchall()]

    def bulk_insert(self, users: Iterable[tuple[str, str]]) -> int:
        with self.conn:
            cur = self.conn.executemany("INSERT INTO users (name, email) VALUES (?, ?)", list(users))
        return cur.rowcount


def users_in_roles(engine: Engine, roles: list[str]) -> list[dict]:
    stmt = text("SELECT id, name FROM users WHERE role IN :roles").bindparams(bindparam("roles", expanding=True))
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt, {"roles": roles}).mappings()]


def signups_frame(engine: Engine, since: str) -> pd.DataFrame:
    return pd.read_sql(
        text("SELECT date(created_at) AS day, COUNT(*) AS n FROM users WHERE created_at >= :since GROUP BY day"),
        engine,
        params={"since": since},
    )
