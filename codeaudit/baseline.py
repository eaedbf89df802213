"""Baseline files: the fingerprints of accepted findings, as JSON."""
from __future__ import annotations

import json
from pathlib import Path

from codeaudit.finding import Finding

FORMAT = 1


class BaselineError(ValueError):
    pass


def write_baseline(path: Path, findings: list[Finding]) -> None:
    entries = [
        {"fingerprint": f.fingerprint, "code": f.code, "path": f.path, "message": f.message}
        for f in sorted(findings, key=Finding.sort_key)
    ]
    path.write_text(json.dumps({"codeaudit_baseline": FORMAT, "findings": entries}, indent=2) + "\n", encoding="utf-8")


def read_baseline(path: Path) -> set[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("codeaudit_baseline") != FORMAT:
            raise BaselineError(f"{path}: not a codeaudit baseline (format {FORMAT})")
        return {entry["fingerprint"] for entry in data["findings"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        if isinstance(exc, BaselineError):
            raise
        raise BaselineError(f"{path}: cannot read baseline: {exc}") from None
