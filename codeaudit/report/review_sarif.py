"""Review SARIF: the findings new in this change only (the scan SARIF writer does the work)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from codeaudit.report import sarif_report


class _View:
    def __init__(self, result: Any) -> None:
        self.findings = result.new_findings
        self.rules = result.rules
        self.all_diagnostics = result.all_diagnostics
        self.root = Path(result.root or ".").resolve()


def render(result: Any, **_: Any) -> str:
    return sarif_report.render(_View(result))
