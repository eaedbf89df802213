"""JSON output; the schema is documented in docs/json-format.md (version 1)."""
from __future__ import annotations

import json
from collections import Counter
from typing import Any

import codeaudit

SCHEMA_VERSION = 1


def render(result: Any, **_: Any) -> str:
    findings = result.findings
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "codeaudit", "version": codeaudit.__version__},
        "root": str(result.root),
        "summary": {
            "files": result.stats.get("files", 0),
            "cached": result.stats.get("cached", 0),
            "findings": len(findings),
            "baseline_hidden": result.baseline_hidden,
            "by_severity": dict(Counter(f.severity.value for f in findings)),
            "by_category": dict(Counter(f.category.value for f in findings)),
            "elapsed_seconds": round(result.elapsed, 3),
        },
        "findings": [f.to_dict() for f in findings],
        "diagnostics": [d.to_dict() for d in result.all_diagnostics],
    }
    return json.dumps(document, indent=2, sort_keys=False) + "\n"
