"""Summarise support tickets with an LLM and store the summary alongside the ticket."""
import json
import logging
import os
import sqlite3

import openai

log = logging.getLogger(__name__)
openai.api_key = os.getenv("OPENAI_API_KEY", "sk-your-api-key-here")  # label: ai-tell/placeholder-credential
MODEL = "gpt-4o-mini"

PROMPT = """Summarise the following support ticket in two sentences and classify its
urgency as low, medium or high. Reply as JSON with keys "summary" and "urgency".

Ticket:
{body}
"""


def summarise(body: str) -> dict:
    response = openai.ChatCompletion.create(  # label: ai-tell/deprecated-api
        model=MODEL,
        messages=[{"role": "user", "content": PROMPT.format(body=body)}],
        temperature=0.2,
    )
    text = response["choices"][0]["message"]["content"]
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return {"summary": text.strip(), "urgency": "medium"}


def detect_language(text: str) -> str:
    # In a real implementation this would call a language-detection model.
    return "en"  # label: ai-tell/placeholder-implementation


def process_pending(db_path: str = "tickets.db", limit: int = 50) -> int:
    conn = sqlite3.connect(db_path)
    rows = conn.execute(
        "SELECT id, body FROM tickets WHERE summary IS NULL ORDER BY id LIMIT ?", (limit,)
    ).fetchall()
    done = 0
    for ticket_id, body in rows:
        if detect_language(body) != "en":
            continue
        try:
            result = summarise(body)
        except Exception:  # label: abstraction/swallowed-exception
            continue
        conn.execute(
            "UPDATE tickets SET summary = ?, urgency = ? WHERE id = ?",
            (result.get("summary"), result.get("urgency"), ticket_id),
        )
        done += 1
    conn.commit()
    conn.close()
    return done


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    print(f"summarised {process_pending()} tickets")
