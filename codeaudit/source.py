"""A file under audit: its bytes, decoded text and line index."""
from __future__ import annotations

import codecs
import io
import tokenize
from dataclasses import dataclass, field
from functools import cached_property


class SourceError(Exception):
    """The file cannot be audited; the message says why, for a per-file diagnostic."""


@dataclass
class SourceFile:
    path: str  # repository-relative, posix
    data: bytes
    language: str
    text: str = ""
    encoding: str = "utf-8"
    _line_starts: list[int] = field(default_factory=list, repr=False)

    @classmethod
    def decode(cls, path: str, data: bytes, language: str) -> "SourceFile":
        if b"\0" in data:
            raise SourceError("contains NUL bytes (binary file?)")
        encoding = _detect_encoding(data) if language == "python" else "utf-8-sig"
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise SourceError(f"is not valid {encoding}: {exc}") from None
        if text.startswith("\ufeff"):
            text = text[1:]
        return cls(path=path, data=data, language=language, text=text, encoding=encoding)

    @cached_property
    def lines(self) -> list[str]:
        """Lines without their line terminators; lines[0] is line 1."""
        return self.text.splitlines()

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def snippet(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start - 1 : end])


def _detect_encoding(data: bytes) -> str:
    """PEP 263 / BOM detection, as the interpreter does it."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        if b"coding" in b"\n".join(data.splitlines()[:2]):
            raise SourceError(f"has an invalid encoding declaration: {exc}") from None
        raise SourceError("is not valid utf-8 and declares no other encoding (PEP 263)") from None
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise SourceError(f"declares an unknown encoding {encoding!r}") from None
    return encoding
