#!/usr/bin/env python3
"""Tiny notes CLI on top of sqlite3: add, import, tag and search notes."""
import argparse
import csv
import sqlite3
import sys
from pathlib import Path

DB_PATH = Path.home() / ".notes.db"
SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT, tags TEXT DEFAULT '');
"""


def connect(path: Path = DB_PATH) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    return conn


def add(conn, title: str, body: str, tags: list[str]) -> int:
    cur = conn.execute("INSERT INTO notes (title, body, tags) VALUES (?, ?, ?)", (title, body, ",".join(tags)))
    conn.commit()
    return cur.lastrowid


def import_csv(conn, path: str) -> int:
    count = 0
    with open(path, newline="") as fh:
        for row in csv.DictReader(fh):
            conn.execute("INSERT INTO notes (title, body, tags) VALUES (?, ?, ?)",
                         (row["title"], row.get("body", ""), row.get("tags", "")))
            conn.commit()  # label: efficiency/commit-per-row
            count += 1
    return count


def unique_tags(conn) -> list[str]:
    tags: list[str] = []
    for (raw,) in conn.execute("SELECT tags FROM notes"):
        for tag in filter(None, raw.split(",")):
            if tag not in tags:  # label: efficiency/quadratic-membership
                tags.append(tag)
    return sorted(tags)


def search(conn, term: str, tag: str | None = None) -> list[tuple]:
    sql = "SELECT id, title FROM notes WHERE (title LIKE ? OR body LIKE ?)"
    params = [f"%{term}%", f"%{term}%"]
    if tag:
        sql += " AND (',' || tags || ',') LIKE ?"
        params.append(f"%,{tag},%")
    return conn.execute(sql, params).fetchall()


def remove(conn, note_id: int) -> bool:
    try:
        cur = conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))
        conn.commit()
        return cur.rowcount > 0
    except Exception:  # label: abstraction/swallowed-exception
        return False


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="notes")
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("add"); a.add_argument("title"); a.add_argument("body", nargs="?", default=""); a.add_argument("-t", "--tag", action="append", default=[])
    i = sub.add_parser("import"); i.add_argument("csv")
    s = sub.add_parser("search"); s.add_argument("term"); s.add_argument("--tag")
    sub.add_parser("tags")
    r = sub.add_parser("rm"); r.add_argument("id", type=int)
    args = p.parse_args(argv)
    conn = connect()
    if args.cmd == "add":
        print(add(conn, args.title, args.body, args.tag))
    elif args.cmd == "import":
        print(f"imported {import_csv(conn, args.csv)} notes")
    elif args.cmd == "search":
        for note_id, title in search(conn, args.term, args.tag):
            print(f"{note_id:5d}  {title}")
    elif args.cmd == "tags":
        print("\n".join(unique_tags(conn)))
    elif args.cmd == "rm":
        if not remove(conn, args.id):
            print("no such note", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
