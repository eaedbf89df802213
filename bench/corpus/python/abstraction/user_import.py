"""Import users from an HR CSV export into the application database."""
import csv
import logging
import re
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Department, User

log = logging.getLogger(__name__)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)


def parse_date(value: str, default: date | None = None) -> date | None:
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d").date()
    except ValueError:
        return default


def import_users(session: Session, csv_path: str) -> dict:
    stats = {"created": 0, "updated": 0, "skipped": 0}
    try:  # label: abstraction/broad-try
        departments = {d.code: d for d in session.scalars(select(Department))}
        existing = {u.employee_id: u for u in session.scalars(select(User))}
        with open(csv_path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            missing = {"employee_id", "email", "first_name", "last_name", "department"} - set(reader.fieldnames or [])
            if missing:
                raise ValueError(f"missing columns: {', '.join(sorted(missing))}")
            for row in reader:
                email = row["email"].strip().lower()
                if not EMAIL_RE.match(email):
                    stats["skipped"] += 1
                    continue
                dept = departments.get(row["department"].strip().upper())
                if dept is None:
                    stats["skipped"] += 1
                    continue
                user = existing.get(row["employee_id"])
                if user is None:
                    user = User(employee_id=row["employee_id"])
                    session.add(user)
                    stats["created"] += 1
                else:
                    stats["updated"] += 1
                user.email = email
                user.first_name = row["first_name"].strip()
                user.last_name = row["last_name"].strip()
                user.department = dept
                user.start_date = parse_date(row.get("start_date", ""))
                user.active = row.get("status", "active").strip().lower() != "terminated"
        session.commit()
    except Exception as exc:
        log.error("user import failed: %s", exc)
        session.rollback()
    return stats


def deactivate_missing(session: Session, csv_path: str) -> int:
    with open(csv_path, newline="", encoding="utf-8-sig") as fh:
        present = {row["employee_id"] for row in csv.DictReader(fh)}
    count = 0
    for user in session.scalars(select(User).where(User.active.is_(True))):
        if user.employee_id not in present:
            user.active = False
            count += 1
    session.commit()
    return count


def sync_avatars(session: Session, fetch_avatar) -> int:
    synced = 0
    for user in session.scalars(select(User).where(User.avatar_url.is_(None))):
        try:
            user.avatar_url = fetch_avatar(user.email)
            synced += 1
        except Exception as exc:  # label: abstraction/log-and-continue
            log.debug("avatar lookup failed for %s: %s", user.email, exc)
            continue
    session.commit()
    return synced
