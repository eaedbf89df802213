"""Which version of Python / a distribution the audited project uses."""
from __future__ import annotations

from codeaudit.knowledge.deprecated import Deprecation, version_tuple
from codeaudit.knowledge.environment import installed_distributions, normalise
from codeaudit.knowledge.manifests import Project


def applies(entry: Deprecation, project: Project | None) -> bool | None:
    """True: the project uses a version where the API is deprecated/removed;
    False: it pins an older version where the API is fine; None: unknown."""
    limit = version_tuple(entry.version)
    if entry.dist == "python":
        if project is not None and project.requires_python:
            upper = _upper(project.requires_python)
            if upper is not None and upper <= limit:
                return False
            return True
        return None
    if project is not None:
        lower = project.declared_version(entry.dist)
        upper = project.declared_upper(entry.dist)
        pinned = (project.dependencies.get(normalise(entry.dist)) or "").startswith("==")
        if lower is not None:
            if lower >= limit:
                return True
            if pinned or (upper is not None and upper <= limit):
                return False
            return None
    installed = installed_distributions().get(normalise(entry.dist))
    if installed:
        return version_tuple(installed) >= limit
    return None


def _upper(spec: str) -> tuple[int, ...] | None:
    import re

    match = re.search(r"<=?\s*(\d+(?:\.\d+)*)", spec)
    return version_tuple(match.group(1)) if match else None
