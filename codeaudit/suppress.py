"""Inline suppressions: ``# codeaudit: ignore[CODE, ...] reason``.

A suppression trailing code applies to its own line; one alone on a line
applies to the next line. Suppressions without a code, and suppressions that
silence nothing, are reported back as findings by the engine.
"""
from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field

_MARKER = re.compile(r"codeaudit:\s*ignore(?:\[(?P<codes>[^\]]*)\])?(?P<reason>.*)", re.I)
_PY_COMMENT = re.compile(r"#")
_JS_COMMENT = re.compile(r"//|/\*")


@dataclass
class Suppression:
    line: int  # where the comment is
    target: int  # the line it applies to
    col: int
    codes: tuple[str, ...]
    reason: str
    used: set[str] = field(default_factory=set)

    def matches(self, code: str, slug: str) -> bool:
        return not self.codes or code in self.codes or slug in self.codes


def find_suppressions(text: str, language: str) -> list[Suppression]:
    if "codeaudit:" not in text.lower():
        return []
    comments = _python_comments(text) if language == "python" else _line_comments(text, _JS_COMMENT)
    lines = text.splitlines()
    found = []
    for line_no, col, comment in comments:
        match = _MARKER.search(comment)
        if not match:
            continue
        alone = not lines[line_no - 1][:col].strip()
        codes = tuple(c.strip() for c in (match.group("codes") or "").split(",") if c.strip())
        found.append(
            Suppression(
                line=line_no,
                target=line_no + 1 if alone else line_no,
                col=col + 1,
                codes=codes,
                reason=match.group("reason").strip(),
            )
        )
    return found


def _python_comments(text: str) -> list[tuple[int, int, str]]:
    """Real comments only (not '#' inside strings), via the tokenizer."""
    try:
        return [
            (tok.start[0], tok.start[1], tok.string)
            for tok in tokenize.generate_tokens(io.StringIO(text).readline)
            if tok.type == tokenize.COMMENT
        ]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return _line_comments(text, _PY_COMMENT)


def _line_comments(text: str, opener: re.Pattern[str]) -> list[tuple[int, int, str]]:
    """Approximate comments: text after the first comment opener of a line."""
    result = []
    for number, line in enumerate(text.splitlines(), 1):
        match = opener.search(line)
        if match and "codeaudit:" in line[match.start() :].lower():
            result.append((number, match.start(), line[match.start() :]))
    return result
