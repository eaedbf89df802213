"""Reporters, one module per output format. Each exposes ``render(result, **opts) -> str``."""
from __future__ import annotations

import importlib
from typing import Any

FORMATS = ("text", "json", "sarif", "github")


def render(fmt: str, result: Any, **options: Any) -> str:
    module = importlib.import_module(f"codeaudit.report.{fmt}_report")
    return module.render(result, **options)
