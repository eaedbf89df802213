"""The active Python environment, read statically: distributions and the
top-level import names they provide (from metadata files, never importing)."""
from __future__ import annotations

import os
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path


@lru_cache(maxsize=1)
def installed_top_levels() -> frozenset[str]:
    """Import names of every installed distribution (top_level.txt / RECORD)."""
    try:
        mapping = metadata.packages_distributions()
    except Exception:  # noqa: BLE001 - a broken environment only makes us quieter
        return frozenset()
    return frozenset(mapping)


@lru_cache(maxsize=1)
def installed_distributions() -> dict[str, str]:
    """Normalised distribution name -> version of every installed distribution."""
    found: dict[str, str] = {}
    try:
        for dist in metadata.distributions():
            name = dist.metadata.get("Name") if dist.metadata else None
            if name:
                found[normalise(name)] = dist.version or ""
    except Exception:  # noqa: BLE001
        pass
    return found


def normalise(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


@lru_cache(maxsize=512)
def module_source(module: str) -> Path | None:
    """The file defining ``module`` (a .py/.pyi or a package __init__) on sys.path, or None.

    Searches the path entries and ``<top>-stubs`` packages; nothing is imported.
    """
    parts = module.split(".")
    for entry in sys.path:
        if not entry or not os.path.isdir(entry):
            continue
        for top in (parts[0] + "-stubs", parts[0]):
            base = Path(entry, top, *parts[1:])
            for candidate in (base / "__init__.pyi", base / "__init__.py", base.with_suffix(".pyi"), base.with_suffix(".py")):
                if len(parts) == 1 and candidate.parent == Path(entry) and top.endswith("-stubs"):
                    continue
                if candidate.is_file():
                    return candidate
    return None


@lru_cache(maxsize=512)
def installed_module_names(module: str) -> frozenset[str] | None:
    """Public names a module defines, read statically from its installed source; None when unknown/dynamic."""
    path = module_source(module)
    if path is None:
        return None
    from codeaudit.knowledge.api_snapshot import names_from_source

    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    package = module if path.name.startswith("__init__") else module.rsplit(".", 1)[0]

    def load(sub: str) -> str | None:
        p = module_source(sub)
        try:
            return p.read_text(encoding="utf-8", errors="replace") if p else None
        except OSError:
            return None

    return names_from_source(text, package, load)

