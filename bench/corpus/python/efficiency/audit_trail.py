"""Export the audit trail from the SQLite store into a flat CSV for compliance."""
import csv
import sqlite3
import sys
from contextlib import closing
from html import escape

ACTIONS = ("create", "update", "delete")


def open_db(path):
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def fetch_events(conn, since):
    with closing(conn.cursor()) as cur:
        cur.execute(
            "SELECT id, actor_id, entity, entity_id, action, created_at FROM audit_events "
            "WHERE created_at >= ? ORDER BY created_at",
            (since,),
        )
        return cur.fetchall()


def enrich(conn, events):
    cur = conn.cursor()
    enriched = []
    for ev in events:
        cur.execute("SELECT email, display_name FROM users WHERE id = ?", (ev["actor_id"],))  # label: efficiency/n-plus-one
        actor = cur.fetchone()
        enriched.append(
            {
                "id": ev["id"],
                "actor": actor["email"] if actor else f"deleted-user-{ev['actor_id']}",
                "actor_name": actor["display_name"] if actor else "",
                "entity": f"{ev['entity']}#{ev['entity_id']}",
                "action": ev["action"],
                "created_at": ev["created_at"],
            }
        )
    return enriched


def summarise(rows):
    counts = {action: 0 for action in ACTIONS}
    for row in rows:
        if row["action"] in ACTIONS:
            counts[row["action"]] += 1
    text = "Audit summary\n"
    text += f"Events: {len(rows)}\n"
    text += ", ".join(f"{a}={n}" for a, n in counts.items())
    return text


def render_html(rows):
    html = "<table><tr><th>When</th><th>Who</th><th>What</th><th>Action</th></tr>"
    for row in rows:
        cells = [escape(str(row[key])) for key in ("created_at", "actor", "entity", "action")]
        html += "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"  # label: efficiency/string-concat-loop
    return html + "</table>"


def write_csv(rows, path):
    fields = ["id", "created_at", "actor", "actor_name", "entity", "action"]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def main(argv):
    db_path, since, out_csv, out_html = argv[1:5]
    with closing(open_db(db_path)) as conn:
        rows = enrich(conn, fetch_events(conn, since))
    write_csv(rows, out_csv)
    with open(out_html, "w", encoding="utf-8") as fh:
        fh.write(render_html(rows))
    print(summarise(rows))


if __name__ == "__main__":
    main(sys.argv)
