"""Which new-side lines a unified diff touches.

Used for a pull request's per-file ``patch`` as GitHub returns it (GitHub only
accepts review comments on lines inside a hunk). Only hunk headers and line
prefixes are read. Local diffs go through codeaudit.review.gitdiff instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


@dataclass
class FileLines:
    added: set[int] = field(default_factory=set)  # '+' lines (new side)
    context: set[int] = field(default_factory=set)  # ' ' lines inside a hunk (commentable, not changed)
    deleted_at: set[int] = field(default_factory=set)  # new-side line where a pure deletion happened


def parse_patch(patch: str) -> FileLines:
    """Parse the hunks of one file's unified diff (GitHub's ``patch`` field or git output)."""
    lines = FileLines()
    new_line = 0
    in_hunk = False
    for raw in patch.splitlines():
        header = _HUNK.match(raw)
        if header:
            new_line = int(header.group(1))
            count = int(header.group(2)) if header.group(2) is not None else 1
            in_hunk = True
            if count == 0:  # pure deletion: git reports the line *before* the removed block
                lines.deleted_at.add(max(new_line, 1))
                lines.deleted_at.add(new_line + 1)
            continue
        if not in_hunk or not raw:
            if in_hunk and not raw:  # an empty context line some tools strip the space from
                lines.context.add(new_line)
                new_line += 1
            continue
        tag = raw[0]
        if tag == "+":
            lines.added.add(new_line)
            new_line += 1
        elif tag == " ":
            lines.context.add(new_line)
            new_line += 1
        elif tag == "-" or tag == "\\":  # removed line / "\ No newline at end of file"
            continue
        else:  # the next file's header in a multi-file diff
            in_hunk = False
    return lines
