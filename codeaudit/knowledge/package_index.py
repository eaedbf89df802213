"""Opt-in online check: does a distribution exist on the package index?

Asks the PyPI JSON API (``<base>/<name>/json``; base ``https://pypi.org/pypi``,
or ``$CODEAUDIT_INDEX_URL`` / the ``index-url`` setting for a mirror). Answers are
cached per process; nothing is ever installed or imported.
"""
from __future__ import annotations

import os
import re
import urllib.error
import urllib.parse
import urllib.request

DEFAULT_INDEX_URL = "https://pypi.org/pypi"
ENV_VAR = "CODEAUDIT_INDEX_URL"
TIMEOUT = 3.0

#: (base, normalised name) -> True (exists), False (does not exist); errors are not cached as answers.
_CACHE: dict[tuple[str, str], bool] = {}
#: base -> the error that made it unreachable in this process (asked once, then skipped).
_UNREACHABLE: dict[str, str] = {}


def index_url(configured: str | None = None) -> str:
    return (configured or os.environ.get(ENV_VAR) or DEFAULT_INDEX_URL).rstrip("/")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def exists(name: str, base: str, timeout: float = TIMEOUT) -> tuple[bool | None, str]:
    """(True/False, "") when the index answered; (None, reason) when it could not be asked."""
    key = (base, normalise(name))
    if key in _CACHE:
        return _CACHE[key], ""
    if base in _UNREACHABLE:
        return None, _UNREACHABLE[base]
    url = f"{base}/{urllib.parse.quote(key[1])}/json"
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "codeaudit"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) URL built above
            answer = 200 <= response.status < 300
    except urllib.error.HTTPError as exc:
        if exc.code != 404:
            return None, f"{url}: HTTP {exc.code}"
        answer = False
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = f"{base}: {getattr(exc, 'reason', exc)}"
        _UNREACHABLE[base] = reason
        return None, reason
    _CACHE[key] = answer
    return answer, ""
