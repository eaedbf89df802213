"""Review JSON: the contract in docs/review-json.md (top-level ``items``, best-first)."""
from __future__ import annotations

import json
from typing import Any

import codeaudit


def to_data(result: Any) -> dict[str, Any]:
    return {
        "tool": "codeaudit",
        "version": codeaudit.__version__,
        "mode": result.mode,
        "by": result.by,
        "ranking": result.ranking,
        "base": result.base,
        "head": result.head,
        "summary": {
            "items": len(result.items), "files": result.files, "commits": result.commits,
            "new_findings": len(result.new_findings), "existing_findings": result.existing,
            "fixed_findings": len(result.fixed), "elapsed_seconds": round(result.elapsed, 3),
        },
        "notes": result.notes,
        "items": [item.to_dict() for item in result.items],
        "fixed": [f.to_dict() for f in result.fixed],
    }  # fmt: skip


def render(result: Any, **_: Any) -> str:
    return json.dumps(to_data(result), indent=2) + "\n"
