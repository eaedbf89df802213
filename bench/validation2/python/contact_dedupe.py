"""Deduplicate CRM contacts exported as JSON lines and attach company records."""
import copy
import json
import sys
from typing import Iterable


def normalise_email(email: str) -> str:
    local, _, domain = email.strip().lower().partition("@")
    return f"{local.split('+')[0]}@{domain}"


def load_jsonl(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def dedupe(contacts: Iterable[dict], template: dict) -> list[dict]:
    unique = []
    seen_emails = []
    for contact in contacts:
        email = normalise_email(contact.get("email", ""))
        if email in seen_emails:  # label: efficiency/list-membership-in-loop
            continue
        seen_emails.append(email)
        record = copy.deepcopy(template)
        record.update(contact)
        record["email"] = email
        unique.append(record)
    return unique


def attach_companies(contacts: list[dict], companies: list[dict]) -> list[dict]:
    for contact in contacts:
        domain = contact["email"].split("@")[1]
        for company in companies:  # label: efficiency/nested-loop-join
            if company["domain"] == domain:
                contact["company"] = company["name"]
                contact["tier"] = company.get("tier", "standard")
                break
    return contacts


def snapshot(contacts: list[dict]) -> list[dict]:
    history = []
    for c in contacts:
        history.append(json.loads(json.dumps(c)))  # label: efficiency/json-roundtrip-copy
    return history


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print("usage: contact_dedupe.py CONTACTS.jsonl COMPANIES.jsonl OUT.jsonl", file=sys.stderr)
        return 2
    template = {"email": "", "name": "", "company": None, "tier": None, "tags": [], "source": "crm"}
    contacts = dedupe(load_jsonl(argv[1]), template)
    contacts = attach_companies(contacts, load_jsonl(argv[2]))
    with open(argv[3], "w", encoding="utf-8") as out:
        for c in snapshot(contacts):
            out.write(json.dumps(c, ensure_ascii=False) + "\n")
    print(f"{len(contacts)} unique contacts written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
