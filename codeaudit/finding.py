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

    @property
    def line(self) -> int:
        return self.span.start_line

    def sort_key(self) -> tuple:
        return (self.path, self.span, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
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


def assign_fingerprints(findings: list[Finding]) -> None:
    """Fingerprint = rule + path + normalised snippet + occurrence index.

    Line numbers are deliberately left out: moving code keeps the fingerprint,
    and identical snippets in one file are told apart by their order.
    """
    seen: dict[tuple[str, str, str], int] = {}
    for finding in sorted(findings, key=Finding.sort_key):
        key = (finding.code, finding.path, normalise_snippet(finding.snippet))
        index = seen.get(key, 0)
        seen[key] = index + 1
        digest = hashlib.sha256("\0".join((*key, str(index))).encode()).hexdigest()
        finding.fingerprint = digest[:32]
