"""SQLite-backed note store used by the CLI and the web front end."""
from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from typing import Iterator

SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS notes_owner ON notes(owner);
"""

SORTABLE = {"created_at": "created_at", "title": "title", "id": "id"}


@dataclass(frozen=True)
class Note:
    id: int
    owner: str
    title: str
    body: str
    created_at: str


class NoteStore:
    def __init__(self, path: str = "notes.db"):
        self.conn = sqlite3.connect(path)
        self.conn.row_factory = sqlite3.Row
        self.conn.executescript(SCHEMA)

    def add(self, owner: str, title: str, body: str = "") -> int:
        with self.conn:
            cur = self.conn.execute(
                "INSERT INTO notes (owner, title, body) VALUES (?, ?, ?)",
                (owner, title, body),
            )
        return cur.lastrowid

    def get(self, note_id: int) -> Note | None:
        """Return the note, or None when no note has this id."""
        row = self.conn.execute("SELECT * FROM notes WHERE id = ?", (note_id,)).fetchone()
        return Note(**row) if row else None

    def list_for(self, owner: str, sort: str = "created_at", desc: bool = True) -> list[Note]:
        column = SORTABLE.get(sort)
        if column is None:
            raise ValueError(f"cannot sort by {sort!r}")
        direction = "DESC" if desc else "ASC"
        rows = self.conn.execute(
            f"SELECT * FROM notes WHERE owner = ? ORDER BY {column} {direction}",
            (owner,),
        ).fetchall()
        return [Note(**r) for r in rows]

    def search(self, owner: str, term: str) -> Iterator[Note]:
        pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        with closing(self.conn.cursor()) as cur:
            cur.execute(
                "SELECT * FROM notes WHERE owner = ? AND (title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')",
                (owner, pattern, pattern),
            )
            for row in cur:
                yield Note(**row)

    def delete_many(self, owner: str, ids: list[int]) -> int:
        if not ids:
            return 0
        placeholders = ",".join("?" for _ in ids)
        with self.conn:
            cur = self.conn.execute(
                f"DELETE FROM notes WHERE owner = ? AND id IN ({placeholders})",
                (owner, *ids),
            )
        return cur.rowcount

    def close(self) -> None:
        self.conn.close()
