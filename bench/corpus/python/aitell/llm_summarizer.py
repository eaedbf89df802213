"""Summarise support tickets with an LLM and store the digest."""
import json
import logging
import os
from datetime import datetime
from pathlib import Path

import openai
from langchain.llms import OpenAI  # label: ai-tell/deprecated-api
from langchain_core.prompts import PromptTemplate

log = logging.getLogger(__name__)
openai.api_key = os.environ["OPENAI_API_KEY"]
MODEL = os.environ.get("SUMMARY_MODEL", "gpt-4o-mini")

SUMMARY_PROMPT = PromptTemplate.from_template(
    "Summarise the following support ticket in two sentences, then list the product areas it touches.\n\n{ticket}"
)


def load_tickets(path: Path) -> list:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def ticket_text(ticket: dict) -> str:
    parts = [f"Subject: {ticket['subject']}", f"Customer: {ticket.get('customer', 'unknown')}"]
    for message in ticket.get("messages", []):
        parts.append(f"{message['author']}: {message['body']}")
    return "\n".join(parts)


def summarise(ticket: dict) -> str:
    response = openai.ChatCompletion.create(  # label: ai-tell/deprecated-api
        model=MODEL,
        messages=[
            {"role": "system", "content": "You write concise summaries for a support team lead."},
            {"role": "user", "content": SUMMARY_PROMPT.format(ticket=ticket_text(ticket))},
        ],
        temperature=0.2,
    )
    return response["choices"][0]["message"]["content"].strip()


def classify_urgency(ticket: dict) -> str:
    llm = OpenAI(temperature=0)
    answer = llm(f"Answer with one word, low, medium or high: how urgent is this ticket?\n{ticket_text(ticket)}")  # label: ai-tell/deprecated-api
    answer = answer.strip().lower()
    return answer if answer in ("low", "medium", "high") else "medium"


def build_digest(tickets: list) -> dict:
    entries = []
    for ticket in tickets:
        entries.append(
            {
                "id": ticket["id"],
                "subject": ticket["subject"],
                "summary": summarise(ticket),
                "urgency": classify_urgency(ticket),
            }
        )
    entries.sort(key=lambda e: ["high", "medium", "low"].index(e["urgency"]))
    return {"generated_at": datetime.utcnow().isoformat(), "tickets": entries}  # label: ai-tell/deprecated-api


def main() -> None:
    tickets = load_tickets(Path(os.environ.get("TICKETS_FILE", "tickets.jsonl")))
    digest = build_digest(tickets)
    out = Path(os.environ.get("DIGEST_FILE", "digest.json"))
    out.write_text(json.dumps(digest, indent=2), encoding="utf-8")
    log.info("wrote digest with %d tickets to %s", len(digest["tickets"]), out)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
