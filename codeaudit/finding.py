"""Findings, their locations and the line-independent fingerprint."""
from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from codeaudit.rule import Category, Confidence, Severity


@dataclass(frozen=True, order=True)
class Span:
    start_line: int
    start_col: int  # 1-based, in characters
    end_line: int
    end_col: int


@dataclass(frozen=True)
class Fix:
    description: str
    replacement: str | None = None  # text replacing the span, when mechanical
    safe: bool = False


@dataclass
class Finding:
    code: str
    slug: str
    category: Category
    severity: Severity
    confidence: Confidence
    cwe: tuple[int, ...]
    path: str
    span: Span
    message: str
    snippet: str = ""
    fix: Fix | None = None
    parser: str = "libcst"
    fingerprint: str = ""
    baseline: bool = False  # matched an entry of the baseline file
    extra: dict[str, Any] = field(default_factory=dict)
    #: The reported code itself (not whole lines), the basis of the fingerprint; not serialised.
    anchor: str = field(default="", repr=False, compare=False)

    @property
    def line(self) -> int:
        return self.span.start_line

    def sort_key(self) -> tuple:
        return (self.path, self.span, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["anchor"]
        data["category"] = self.category.value
        data["severity"] = self.severity.value
        data["confidence"] = self.confidence.value
        data["cwe"] = list(self.cwe)
        data["span"] = asdict(self.span)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Finding":
        data = dict(data)
        data["category"] = Category(data["category"])
        data["severity"] = Severity(data["severity"])
        data["confidence"] = Confidence(data["confidence"])
        data["cwe"] = tuple(data["cwe"])
        data["span"] = Span(**data["span"])
        data["fix"] = Fix(**data["fix"]) if data.get("fix") else None
        return cls(**data)


_SPACE = re.compile(r"\s+")


def normalise_snippet(text: str) -> str:
    """Whitespace-insensitive form of a snippet, so reformatting keeps fingerprints."""
    return _SPACE.sub("", text)


def canonical_snippet(text: str, aliases: dict[str, str]) -> str:
    """Snippet with import aliases spelled out, so `sp.run` and `subprocess.run` agree."""
    names = [name for name, target in aliases.items() if name != target]
    if names:
        pattern = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")\b")
        text = pattern.sub(lambda m: aliases[m.group(1)], text)
    return normalise_snippet(text)


def assign_fingerprints(findings: list[Finding], aliases: dict[str, str] | None = None) -> None:
    """Fingerprint = rule + path + canonical snippet + occurrence index.

    Line numbers are deliberately left out: moving code keeps the fingerprint,
    whitespace and import aliases do not change it, and identical snippets in
    one file are told apart by their order.
    """
    seen: dict[tuple[str, str, str], int] = {}
    for finding in sorted(findings, key=Finding.sort_key):
        key = (finding.code, finding.path, canonical_snippet(finding.anchor or finding.snippet, aliases or {}))
        index = seen.get(key, 0)
        seen[key] = index + 1
        digest = hashlib.sha256("\0".join((*key, str(index))).encode()).hexdigest()
        finding.fingerprint = digest[:32]
