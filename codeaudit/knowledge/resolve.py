"""Does a module / a name in a module exist? Offline answers for the AIT rules."""
from __future__ import annotations

from functools import lru_cache

from codeaudit.knowledge.api_snapshot import is_dynamic, snapshot_names
from codeaudit.knowledge.environment import installed_module_names, installed_top_levels, module_source, normalise
from codeaudit.knowledge.known_packages import KNOWN_IMPORTS, import_names_for
from codeaudit.knowledge.manifests import Project
from codeaudit.knowledge.stdlib import is_stdlib


def module_is_known(top: str, project: Project | None) -> str | None:
    """Why ``top`` is a real module ("stdlib", "local", "installed", "declared", "known"), or None."""
    if is_stdlib(top):
        return "stdlib"
    if project is not None and top in project.local_modules:
        return "local"
    if top in installed_top_levels() or module_source(top) is not None:
        return "installed"
    if project is not None:
        for dist in project.dependencies:
            if top in import_names_for(dist) or normalise(top) == dist:
                return "declared"
    if top in KNOWN_IMPORTS:
        return "known"
    return None


@lru_cache(maxsize=1024)
def module_names(module: str) -> frozenset[str] | None:
    """Public names of a module: snapshot merged with the installed source; None when unknown or dynamic."""
    snap = snapshot_names(module)
    if is_dynamic(module):
        return None
    installed = installed_module_names(module) if not is_stdlib(module) else None
    if installed is None and module_source(module) is not None and not is_stdlib(module):
        return None  # installed but dynamic: the installed version wins, stay silent
    if snap is None and installed is None:
        return None
    return (snap or frozenset()) | (installed or frozenset())
