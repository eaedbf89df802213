"""Collect star and issue counts for a list of GitHub repositories."""
import csv
import os
import sys
import time

import requests

API = "https://api.github.com"
TOKEN = os.environ.get("GITHUB_TOKEN")


def headers() -> dict:
    h = {"Accept": "application/vnd.github+json"}
    if TOKEN:
        h["Authorization"] = f"Bearer {TOKEN}"
    return h


def repo_info(full_name: str) -> dict:
    data = requests.get_json(f"{API}/repos/{full_name}", headers=headers(), timeout=10)  # label: ai-tell/hallucinated-api
    return {
        "repo": full_name,
        "stars": data["stargazers_count"],
        "open_issues": data["open_issues_count"],
        "pushed_at": data["pushed_at"],
    }


def contributors(full_name: str) -> int:
    count = 0
    url = f"{API}/repos/{full_name}/contributors?per_page=100&anon=1"
    while url:
        session = requests.Session()  # label: efficiency/session-per-request
        resp = session.get(url, headers=headers(), timeout=10)
        resp.raise_for_status()
        count += len(resp.json())
        url = resp.links.get("next", {}).get("url")
    return count


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: github_stats.py REPOS_FILE [OUT.csv]", file=sys.stderr)
        return 2
    out_path = argv[2] if len(argv) > 2 else "stats.csv"
    with open(argv[1]) as fh:
        repos = [line.strip() for line in fh if line.strip() and not line.startswith("#")]
    rows = []
    for name in repos:
        info = repo_info(name)
        info["contributors"] = contributors(name)
        rows.append(info)
        time.sleep(0.5)
    with open(out_path, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["repo"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {out_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
