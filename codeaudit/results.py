"""What auditing a file produces: findings and per-file diagnostics.

Kept apart from the engine so that code handling results (cache, reporters,
walker) does not import libcst.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from codeaudit.finding import Finding


@dataclass
class Diagnostic:
    """A note about a file that could not be (fully) audited."""

    path: str
    kind: str  # skipped | unreadable | decode | parse | internal-error | ...
    message: str

    def to_dict(self) -> dict[str, str]:
        return dataclasses.asdict(self)


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    cached: bool = False
