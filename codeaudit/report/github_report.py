"""GitHub Actions workflow commands: one annotation per finding, capped."""
from __future__ import annotations

from typing import Any

from codeaudit.rule import Severity

MAX_ANNOTATIONS = 50  # GitHub shows at most 50 annotations of a kind per step

_LEVELS = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: Any, max_annotations: int = MAX_ANNOTATIONS, **_: Any) -> str:
    findings = sorted(result.findings, key=lambda f: (-list(Severity).index(f.severity), f.sort_key()))
    lines = []
    for f in findings[:max_annotations]:
        level = _LEVELS.get(f.severity, "notice")
        props = ",".join(
            f"{k}={_escape_property(str(v))}"
            for k, v in (
                ("file", f.path), ("line", f.span.start_line), ("col", f.span.start_col),
                ("endLine", f.span.end_line), ("title", f"{f.code} {f.slug}"),
            )
        )  # fmt: skip
        lines.append(f"::{level} {props}::{_escape_data(f'{f.message} [{f.severity.value}]')}")
    for d in result.all_diagnostics:
        lines.append(f"::notice title=codeaudit::{_escape_data(d.message)}")
    if len(findings) > max_annotations:
        lines.append(f"::warning title=codeaudit::{len(findings) - max_annotations} more findings not annotated; see the full report")
    lines.append(f"codeaudit: {len(findings)} findings in {result.stats.get('files', 0)} files")
    return "\n".join(lines) + "\n"
