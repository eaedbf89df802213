"""Safe Markdown for GitHub comments.

Everything that comes from the audited code (identifiers in messages, paths,
snippets, reasons) is untrusted: a crafted name such as ``@org/team`` or
``<img src=x>`` or ``](javascript:...)`` must render as the literal text, never
as markup, a link or a mention that notifies somebody.

- ``text()`` backslash-escapes every ASCII punctuation character CommonMark
  treats as syntax, turns ``<``/``>``/``&`` into entities, and breaks the
  patterns GitHub post-processes on rendered text (``@mention``, ``#123``
  references, ``https://`` and ``www.`` autolinks, ``:emoji:``) with an
  invisible word joiner, which survives copy-paste as text but stops the
  linkifier.
- ``code()`` renders an inline code span with a backtick fence longer than any
  run inside it (mentions and markup are not processed in code).
- ``inline()`` keeps the `backticked` parts of a message as code spans and
  escapes the rest, so "complexity of `handle_upload` 4 -> 19" reads naturally.
"""
from __future__ import annotations

import re

WORD_JOINER = "\u2060"
_PUNCTUATION = set("\\`*_{}[]()#+-.!|~=^$\"'")  # '-' and '.' matter at line start; cheap to always escape
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_BREAK_AFTER = re.compile(r"(@|#|:|www\.)", re.I)  # mentions, references, autolinks (https:, mailto:), :emoji:
_BACKTICK_RUN = re.compile(r"`+")
_CODE_PART = re.compile(r"`([^`\n]+)`")
_SEVERITY_MARK = {"critical": "🟥", "high": "🔴", "medium": "🟠", "low": "🟡", "info": "⚪"}


def _one_line(value: object, limit: int) -> str:
    out = " ".join(str(value).split())  # newlines would end a list item or a table row
    return out if len(out) <= limit else out[: limit - 1] + "…"


def text(value: object, limit: int = 500) -> str:
    """Escape untrusted text for a Markdown paragraph, list item or link text."""
    return _escape(_one_line(value, limit))


def _escape(raw: str) -> str:
    out: list[str] = []
    for ch in raw:
        if ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in _PUNCTUATION:
            out.append("\\" + ch)
        else:
            out.append(ch)
    escaped = "".join(out)
    return _BREAK_AFTER.sub(lambda m: m.group(1) + WORD_JOINER, escaped)


def code(value: object, limit: int = 200) -> str:
    """An inline code span that the content cannot close; empty input gives an empty string."""
    raw = _one_line(value, limit)
    if not raw:
        return ""
    longest = max((len(m.group()) for m in _BACKTICK_RUN.finditer(raw)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if raw.startswith("`") or raw.endswith("`") or (raw.startswith(" ") and raw.endswith(" ")) else ""
    # '|' still splits a GFM table cell inside a code span; we never use tables for untrusted text.
    return f"{fence}{pad}{raw}{pad}{fence}"


def inline(value: object, limit: int = 500) -> str:
    """Escape a message, rendering its `backticked` parts as code spans."""
    raw = _one_line(value, limit)
    out: list[str] = []
    last = 0
    for match in _CODE_PART.finditer(raw):
        out.append(_escape(raw[last : match.start()]))
        out.append(code(match.group(1), limit))
        last = match.end()
    out.append(_escape(raw[last:]))
    return "".join(out)


def severity_badge(severity: str) -> str:
    return f"{_SEVERITY_MARK.get(severity, '⚪')} {text(severity.upper())}"


_MARKER_SAFE = re.compile(r"[^0-9A-Za-z_.-]")


def marker_value(value: str) -> str:
    """Only [0-9A-Za-z_.-] may appear inside our HTML comment markers (no '-->' break-out)."""
    return _MARKER_SAFE.sub("", value)[:80].replace("--", "-")
