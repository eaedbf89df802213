"""Human-readable output: findings grouped by file with a code frame, then a summary."""
from __future__ import annotations

from collections import Counter
from itertools import groupby
from typing import Any

from codeaudit.rule import Severity

_COLORS = {
    Severity.CRITICAL: "\x1b[1;31m", Severity.HIGH: "\x1b[31m", Severity.MEDIUM: "\x1b[33m",
    Severity.LOW: "\x1b[36m", Severity.INFO: "\x1b[2m",
}  # fmt: skip
_RESET, _BOLD, _DIM = "\x1b[0m", "\x1b[1m", "\x1b[2m"


def render(result: Any, color: bool = False, **_: Any) -> str:
    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    out: list[str] = []
    findings = result.findings
    for path, group in groupby(findings, key=lambda f: f.path):
        out.append(paint(path, _BOLD))
        for f in group:
            tag = paint(f"{f.severity.value.upper():8}", _COLORS[f.severity])
            cwe = f" CWE-{','.join(map(str, f.cwe))}" if f.cwe else ""
            out.append(f"  {f.span.start_line}:{f.span.start_col}  {tag} {f.code} {f.message}  [{f.slug}, confidence {f.confidence.value}{cwe}]")
            for offset, line in enumerate(f.snippet.splitlines()):
                out.append(paint(f"      {f.span.start_line + offset:>5} | {line}", _DIM))
        out.append("")
    diagnostics = result.all_diagnostics
    if diagnostics:
        out.append(paint("Notes", _BOLD))
        out.extend(f"  {d.kind}: {d.message}" for d in diagnostics)
        out.append("")
    by_severity = Counter(f.severity for f in findings)
    by_category = Counter(f.category.value for f in findings)
    files = result.stats.get("files", 0)
    summary = f"{len(findings)} findings in {files} files"
    if findings:
        summary += " (" + ", ".join(f"{by_severity[s]} {s.value}" for s in reversed(Severity) if by_severity[s]) + ")"
        summary += "; by category: " + ", ".join(f"{n} {c}" for c, n in sorted(by_category.items()))
    if result.baseline_hidden:
        summary += f"; {result.baseline_hidden} baseline findings hidden"
    out.append(paint(summary, _BOLD) + f"  [{result.elapsed:.2f}s]")
    return "\n".join(out) + "\n"
