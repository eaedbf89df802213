"""Ops CLI for the analytics Postgres: archive old partitions and load seed data."""
import argparse
import csv
import logging
import os
import sys

import psycopg2
from psycopg2 import sql

log = logging.getLogger("dbops")


def connect():
    return psycopg2.connect(
        host=os.environ.get("PGHOST", "localhost"),
        dbname=os.environ.get("PGDATABASE", "analytics"),
        user=os.environ.get("PGUSER", "ops"),
        password=os.environ.get("PGPASSWORD"),
        connect_timeout=10,
    )


def partition_name(table: str, month: str) -> str:
    return f"{table}_{month.replace('-', '_')}"


def archive(conn, table: str, month: str, dest_dir: str) -> str:
    part = partition_name(table, month)
    out = os.path.join(dest_dir, f"{part}.csv")
    with conn.cursor() as cur, open(out, "w") as fh:
        cur.copy_expert(sql.SQL("COPY {} TO STDOUT WITH CSV HEADER").format(sql.Identifier(part)), fh)
    with conn.cursor() as cur:
        cur.execute(f"ALTER TABLE {table} DETACH PARTITION {part}")  # label: security/sql-injection
        cur.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(part)))
    conn.commit()
    return out


def compress(path: str) -> None:
    os.system(f"gzip -9 {path}")  # label: security/shell-injection


def load_seed(conn, table: str, path: str) -> int:
    count = 0
    with open(path, newline="") as fh:
        reader = csv.DictReader(fh)
        cols = reader.fieldnames or []
        stmt = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
            sql.Identifier(table),
            sql.SQL(", ").join(map(sql.Identifier, cols)),
            sql.SQL(", ").join(sql.Placeholder() * len(cols)),
        )
        with conn.cursor() as cur:
            for row in reader:
                cur.execute(stmt, [row[c] for c in cols])
                conn.commit()  # label: efficiency/commit-per-row
                count += 1
    return count


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="dbops")
    sub = parser.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("archive")
    a.add_argument("table")
    a.add_argument("month", help="YYYY-MM")
    a.add_argument("--dest", default="/var/backups/analytics")
    s = sub.add_parser("seed")
    s.add_argument("table")
    s.add_argument("csv_path")
    args = parser.parse_args(argv)

    conn = connect()
    try:
        if args.cmd == "archive":
            path = archive(conn, args.table, args.month, args.dest)
            compress(path)
            log.info("archived to %s.gz", path)
        else:
            n = load_seed(conn, args.table, args.csv_path)
            log.info("inserted %d rows into %s", n, args.table)
    finally:
        conn.close()
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    sys.exit(main())
