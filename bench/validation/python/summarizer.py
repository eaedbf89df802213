"""Summarise support tickets with an LLM and write a digest."""
import json
import os
import sys

import openai

openai.api_key = os.environ.get("OPENAI_API_KEY")


def load_tickets(path):
    with open(path) as fh:
        return json.load(fh)


def summarise(ticket):
    response = openai.ChatCompletion.create(  # label: ai-tell/removed-api
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": "Summarise the support ticket in one sentence."},
            {"role": "user", "content": ticket["body"]},
        ],
    )
    return response["choices"][0]["message"]["content"]


def count_open(tickets):
    return len(list(t for t in tickets if t["status"] == "open"))  # label: efficiency/materialize-to-count


def classify_priority(ticket):
    # TODO: replace with real classifier
    return None  # label: ai-tell/placeholder-implementation


def build_digest(tickets):
    lines = []
    for ticket in tickets:
        lines.append(f"- #{ticket['id']} [{classify_priority(ticket)}] {summarise(ticket)}")
    return "\n".join(lines)


def main(path):
    tickets = load_tickets(path)
    print(f"{count_open(tickets)} open tickets")
    digest = build_digest(tickets)
    with open("digest.md", "w") as fh:
        fh.write(digest)


if __name__ == "__main__":
    main(sys.argv[1])
