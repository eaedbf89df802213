"""Standard-library module names (for the running interpreter, plus modules
removed in recent versions so old code is not mistaken for a typo)."""
from __future__ import annotations

import sys

#: Modules removed from the standard library (PEP 594 and earlier) that old code imports.
REMOVED_STDLIB = {
    "distutils": "3.12", "imp": "3.12", "asynchat": "3.12", "asyncore": "3.12", "smtpd": "3.12",
    "aifc": "3.13", "audioop": "3.13", "cgi": "3.13", "cgitb": "3.13", "chunk": "3.13", "crypt": "3.13",
    "imghdr": "3.13", "mailcap": "3.13", "msilib": "3.13", "nis": "3.13", "nntplib": "3.13", "ossaudiodev": "3.13",
    "pipes": "3.13", "sndhdr": "3.13", "spwd": "3.13", "sunau": "3.13", "telnetlib": "3.13", "uu": "3.13",
    "xdrlib": "3.13", "lib2to3": "3.13", "formatter": "3.10", "parser": "3.10", "symbol": "3.10", "binhex": "3.11",
}
#: Added after the oldest Python we support; never report these as unknown.
ADDED_STDLIB = {"tomllib", "zoneinfo", "graphlib", "_interpreters", "annotationlib", "compression"}

STDLIB_MODULES: frozenset[str] = frozenset(getattr(sys, "stdlib_module_names", ())) | frozenset(REMOVED_STDLIB) | frozenset(
    ADDED_STDLIB
) | frozenset(sys.builtin_module_names) | {"__future__", "typing_extensions_stub_never"} - {"typing_extensions_stub_never"}


def is_stdlib(module: str) -> bool:
    return module.split(".")[0] in STDLIB_MODULES
