"""Admin CLI for account maintenance: lookups, password resets, log export."""
import argparse
import hashlib
import hmac
import os
import secrets
import sqlite3
import subprocess
import tempfile

import requests

DB_PATH = os.environ.get("ACCOUNTS_DB", "accounts.db")
AUDIT_URL = os.environ.get("AUDIT_URL", "https://audit.internal/events")
SORTABLE = {"email": "email", "created": "created_at"}


def connect():
    conn = sqlite3.connect(DB_PATH)
    conn.row_factory = sqlite3.Row
    return conn


def find_accounts(conn, pattern, sort="email"):
    order_col = SORTABLE.get(sort, "email")
    sql = f"SELECT id, email, created_at FROM accounts WHERE email LIKE ? ORDER BY {order_col}"
    return conn.execute(sql, (f"%{pattern}%",)).fetchall()


def hash_password(password, salt=None):
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)
    return salt.hex() + ":" + digest.hex()


def verify_password(stored, password):
    salt_hex, digest_hex = stored.split(":")
    candidate = hash_password(password, bytes.fromhex(salt_hex)).split(":")[1]
    return hmac.compare_digest(candidate, digest_hex)


def reset_password(conn, account_id):
    temp = secrets.token_urlsafe(12)
    conn.execute("UPDATE accounts SET password = ? WHERE id = ?", (hash_password(temp), account_id))
    conn.commit()
    requests.post(AUDIT_URL, json={"event": "password_reset", "account": account_id}, timeout=5)
    return temp


def export_logs(account_id, dest):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as tmp:
        tmp.write(f"account={account_id}\n")
        marker = tmp.name
    with open(dest, "w") as out:
        subprocess.run(["journalctl", "-u", "accounts", "--grep", str(int(account_id)), "-o", "cat"],
                       stdout=out, check=True, timeout=120)
    os.remove(marker)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("find")
    f.add_argument("pattern")
    f.add_argument("--sort", choices=sorted(SORTABLE), default="email")
    r = sub.add_parser("reset")
    r.add_argument("account_id", type=int)
    e = sub.add_parser("export")
    e.add_argument("account_id", type=int)
    e.add_argument("dest")
    args = parser.parse_args()
    with connect() as conn:
        if args.cmd == "find":
            for row in find_accounts(conn, args.pattern, args.sort):
                print(row["id"], row["email"], row["created_at"])
        elif args.cmd == "reset":
            print("temporary password:", reset_password(conn, args.account_id))
        else:
            export_logs(args.account_id, args.dest)


if __name__ == "__main__":
    main()
