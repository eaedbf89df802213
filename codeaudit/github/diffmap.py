"""Which new-side lines a unified diff touches.

Used for a pull request's per-file ``patch`` (GitHub only accepts review
comments on lines inside a hunk) and, by the pre-commit hook, for
``git diff --cached -U0`` output.  Only hunk headers and line prefixes are
read; file headers are handled by ``split_git_diff``.
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

    @property
    def commentable(self) -> set[int]:
        return self.added | self.context

    def touches(self, start: int, end: int) -> bool:
        """Does the line range [start, end] touch an added line (or the spot of a deletion)?"""
        end = max(start, end)
        if any(start <= line <= end for line in self.added):
            return True
        return any(start <= line <= end for line in self.deleted_at)


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


def split_git_diff(diff: str) -> dict[str, FileLines]:
    """Split ``git diff --no-prefix``-less output (a/ b/ prefixes) into per-file new-side lines.

    Paths are taken from the ``+++ b/path`` line (``/dev/null`` = deleted file, skipped);
    run git with ``-c core.quotepath=off`` so non-ASCII names are not quoted.
    """
    result: dict[str, FileLines] = {}
    current: list[str] = []
    path: str | None = None

    def flush() -> None:
        if path is not None:
            result[path] = parse_patch("\n".join(current))

    for raw in diff.splitlines():
        if raw.startswith("diff --git "):
            flush()
            path, current = None, []
            continue
        if raw.startswith("+++ ") and not current:
            target = raw[4:]
            if target.startswith('"') and target.endswith('"'):
                target = target[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape").encode("latin-1").decode("utf-8", "replace")
            path = None if target == "/dev/null" else (target[2:] if target.startswith("b/") else target)
            continue
        if raw.startswith("--- ") and not current:
            continue
        if path is not None:
            current.append(raw)
    flush()
    return result
