"""Review text: a ranked list with reasons."""
from __future__ import annotations

from typing import Any


def label(item: Any) -> str:
    if item.kind == "commit":
        return f"commit {item.sha[:10]} {item.subject[:70]}"
    where = item.path or ""
    if item.kind == "hunk":
        where += f":{item.start}-{item.end}"
    return (f"{item.sha[:10]} " if item.sha else "") + where


def render(result: Any, color: bool = False, top: int = 0, **_: Any) -> str:
    bold = (lambda s: f"\x1b[1m{s}\x1b[0m") if color else (lambda s: s)
    items = result.items[:top] if top else result.items
    head = result.head[:10] if result.head else "index"
    lines = [f"codeaudit review ({result.mode}, by {result.by}): {result.base[:10] if result.base else '-'} -> {head}: "
             f"{len(result.items)} items, {len(result.new_findings)} new findings, {len(result.fixed)} fixed, "
             f"{result.existing} existing", ""]  # fmt: skip
    for rank, item in enumerate(items, 1):
        lines.append(bold(f"{rank:>3}. [{item.score:8.3g}] {label(item)}  (+{item.added} -{item.deleted})"))
        for reason in item.reasons:
            lines.append(f"       - {reason}")
        for f in item.findings:
            lines.append(f"       ! {f.path}:{f.span.start_line} {f.code} {f.severity.value}: {f.message}")
    for note in result.notes:
        lines.append(f"note: {note}")
    if not result.items:
        lines.append("nothing to review")
    return "\n".join(lines) + "\n"
