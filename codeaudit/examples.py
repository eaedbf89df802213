"""Running a rule's documented examples through the real engine.

Shared by the test suite and ``codeaudit explain``-style tooling: an example
is source text whose expected findings are marked with ``# expect: CODE``
(``// expect: CODE`` in JS/TS) on the lines that must be reported.
"""
from __future__ import annotations

import re
from typing import Any

from codeaudit.engine import RuleSet, audit_source
from codeaudit.finding import Finding
from codeaudit.registry import load_registry
from codeaudit.rule import Rule

_EXPECT = re.compile(r"(?:#|//|/\*|\{/\*)\s*expect:\s*([A-Z]{3}\d{3}(?:\s*,\s*[A-Z]{3}\d{3})*)")
_SUFFIX = {"python": "py", "javascript": "js", "typescript": "ts", "tsx": "tsx"}
_LANGUAGE_ORDER = ("python", "javascript", "typescript", "tsx")


def example_source(rule: type[Rule], example: Any) -> tuple[str, str]:
    """(language, source) of an example: a string in the rule's first language, or a (language, source) pair."""
    if isinstance(example, tuple):
        return example
    language = next(lang for lang in _LANGUAGE_ORDER if lang in rule.languages)
    return language, example


def expected_lines(source: str) -> dict[int, set[str]]:
    """Line number -> codes marked as expected on that line."""
    marks: dict[int, set[str]] = {}
    for number, line in enumerate(source.splitlines(), 1):
        for match in _EXPECT.finditer(line):
            marks.setdefault(number, set()).update(c.strip() for c in match.group(1).split(","))
    return marks


def run_source(source: str, language: str, path: str | None = None, options: dict | None = None) -> list[Finding]:
    """All enabled-by-default rules on one in-memory file."""
    registry = load_registry()
    ruleset = RuleSet(registry.rules.values(), registry.rules)
    path = path or f"example.{_SUFFIX[language]}"
    return audit_source(path, source.encode("utf-8"), language, ruleset, options).findings


def check_example(rule: type[Rule], example: Any) -> tuple[set[int], set[int]]:
    """(expected lines, reported lines) of this rule for one example."""
    language, source = example_source(rule, example)
    reported = {f.line for f in run_source(source, language) if f.code == rule.code}
    expected = {line for line, codes in expected_lines(source).items() if rule.code in codes}
    return expected, reported
