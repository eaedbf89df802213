"""Review markdown: a pull-request summary comment."""
from __future__ import annotations

from typing import Any

from codeaudit.report.review_text import label


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(result: Any, top: int = 0, **_: Any) -> str:
    items = result.items[: top or 15]
    out = ["## codeaudit review", ""]
    out.append(f"**{len(result.new_findings)}** new findings, **{len(result.fixed)}** fixed, {result.existing} existing; "
               f"{len(result.items)} {result.by}s ranked for review (highest risk first).")  # fmt: skip
    out += ["", "| # | score | where | +/- | why |", "|---|---:|---|---|---|"]
    for rank, item in enumerate(items, 1):
        why = "<br>".join(_cell(r) for r in item.reasons[:4])
        out.append(f"| {rank} | {item.score:.3g} | `{_cell(label(item))}` | +{item.added} -{item.deleted} | {why} |")
    if len(result.items) > len(items):
        out.append(f"\n_{len(result.items) - len(items)} more items not shown._")
    if result.new_findings:
        out += ["", "<details><summary>New findings</summary>", ""]
        for f in result.new_findings:
            out.append(f"- `{f.path}:{f.span.start_line}` **{f.code}** ({f.severity.value}): {_cell(f.message)}")
        out += ["", "</details>"]
    for note in result.notes:
        out.append(f"\n> note: {_cell(note)}")
    return "\n".join(out) + "\n"
