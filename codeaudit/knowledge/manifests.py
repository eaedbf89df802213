"""Project manifests: declared dependencies and requires-python.

Reads pyproject.toml (PEP 621, Poetry, PDM/uv dependency groups),
requirements*.txt, setup.cfg, Pipfile, poetry.lock and uv.lock found by walking
up from the audited file to the repository root. Read-only; nothing is
installed or imported.
"""
from __future__ import annotations

import configparser
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

try:  # Python 3.11+
    import tomllib as _toml
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    try:
        import tomli as _toml  # type: ignore[no-redef]
    except ModuleNotFoundError:
        _toml = None  # type: ignore[assignment]

from codeaudit.knowledge.environment import normalise

_REQ_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$")
_VERSION = re.compile(r"(==|>=|~=|<=|<|>|!=)\s*([0-9][0-9A-Za-z.*+!-]*)")


@dataclass
class Project:
    """What the manifests near a file declare."""

    root: Path | None = None
    manifests: list[Path] = field(default_factory=list)
    #: normalised distribution name -> version constraint text ("" when none)
    dependencies: dict[str, str] = field(default_factory=dict)
    requires_python: str = ""
    #: top-level local modules/packages (so `import mypkg` is not "unknown")
    local_modules: set[str] = field(default_factory=set)

    @property
    def has_manifest(self) -> bool:
        return bool(self.manifests)

    def declared_version(self, dist: str) -> tuple[int, ...] | None:
        """A lower bound or pin of a declared distribution, e.g. "pandas>=2.1" -> (2, 1)."""
        spec = self.dependencies.get(normalise(dist))
        if not spec:
            return None
        for op, version in _VERSION.findall(spec):
            if op in ("==", ">=", "~="):
                return _version_tuple(version)
        return None

    def declared_upper(self, dist: str) -> tuple[int, ...] | None:
        spec = self.dependencies.get(normalise(dist))
        for op, version in _VERSION.findall(spec or ""):
            if op in ("<", "<="):
                return _version_tuple(version)
        return None


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split("."):
        digits = re.match(r"\d+", piece)
        if not digits:
            break
        parts.append(int(digits.group(0)))
    return tuple(parts)


def _add_requirement(project: Project, line: str) -> None:
    line = line.split("#", 1)[0].strip()
    if not line or line.startswith(("-", "git+", "http:", "https:", "file:")):
        return
    match = _REQ_NAME.match(line.split(";", 1)[0])
    if match:
        name = normalise(match.group(1))
        project.dependencies.setdefault(name, match.group(3).strip())


def _read_requirements(project: Project, path: Path, depth: int = 0) -> None:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(("-r ", "-c ", "--requirement ")) and depth < 3:
            _read_requirements(project, path.parent / stripped.split(None, 1)[1].strip(), depth + 1)
        else:
            _add_requirement(project, stripped)


def _load_toml(path: Path) -> dict | None:
    """A TOML file's data, or None when it cannot be read or parsed (or no TOML parser exists)."""
    if _toml is None:
        return None
    try:
        return _toml.loads(path.read_text(encoding="utf-8", errors="replace"))
    except (OSError, ValueError):
        return None


def _read_pyproject(project: Project, path: Path) -> None:
    data = _load_toml(path)
    if data is None:
        return
    proj = data.get("project", {})
    project.requires_python = project.requires_python or str(proj.get("requires-python", ""))
    for req in proj.get("dependencies", []) or []:
        _add_requirement(project, str(req))
    for group in (proj.get("optional-dependencies") or {}).values():
        for req in group:
            _add_requirement(project, str(req))
    for group in (data.get("dependency-groups") or {}).values():
        for req in group:
            if isinstance(req, str):
                _add_requirement(project, req)
    poetry = data.get("tool", {}).get("poetry", {})
    groups = [poetry.get("dependencies", {}), poetry.get("dev-dependencies", {})]
    groups += [g.get("dependencies", {}) for g in (poetry.get("group") or {}).values()]
    for deps in groups:
        for name, spec in (deps or {}).items():
            if name.lower() == "python":
                project.requires_python = project.requires_python or (spec if isinstance(spec, str) else "")
                continue
            version = spec if isinstance(spec, str) else (spec.get("version", "") if isinstance(spec, dict) else "")
            project.dependencies.setdefault(normalise(name), _poetry_spec(version))
    for name in ("name",):
        if proj.get(name):
            project.local_modules.add(normalise(str(proj[name])).replace("-", "_"))


def _poetry_spec(version: str) -> str:
    version = version.strip()
    if version.startswith("^") or version.startswith("~"):
        return ">=" + version[1:]
    if version and version[0].isdigit():
        return "==" + version
    return version


def _read_setup_cfg(project: Project, path: Path) -> None:
    parser = configparser.ConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return
    if parser.has_option("options", "python_requires"):
        project.requires_python = project.requires_python or parser.get("options", "python_requires")
    for option in ("install_requires", "tests_require"):
        if parser.has_option("options", option):
            for line in parser.get("options", option).splitlines():
                _add_requirement(project, line)
    if parser.has_section("options.extras_require"):
        for _, value in parser.items("options.extras_require"):
            for line in value.splitlines():
                _add_requirement(project, line)


def _read_toml_packages(project: Project, path: Path) -> None:
    """Pipfile ([packages]/[dev-packages]), poetry.lock and uv.lock ([[package]] name/version)."""
    data = _load_toml(path)
    if data is None:
        return
    for section in ("packages", "dev-packages"):
        block = data.get(section)
        if isinstance(block, dict):
            for name, spec in block.items():
                project.dependencies.setdefault(normalise(name), spec if isinstance(spec, str) and spec != "*" else "")
    requires = data.get("requires", {})
    if isinstance(requires, dict) and requires.get("python_version"):
        project.requires_python = project.requires_python or f">={requires['python_version']}"
    for package in data.get("package", []) if isinstance(data.get("package"), list) else []:
        if isinstance(package, dict) and package.get("name"):
            version = package.get("version", "")
            project.dependencies.setdefault(normalise(package["name"]), f"=={version}" if version else "")


def _read_setup_py(project: Project, path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return
    match = re.search(r"python_requires\s*=\s*['\"]([^'\"]+)", text)
    if match:
        project.requires_python = project.requires_python or match.group(1)
    block = re.search(r"install_requires\s*=\s*\[(.*?)\]", text, re.S)
    if block:
        for req in re.findall(r"['\"]([^'\"]+)['\"]", block.group(1)):
            _add_requirement(project, req)


_READERS = {
    "pyproject.toml": _read_pyproject,
    "setup.cfg": _read_setup_cfg,
    "setup.py": _read_setup_py,
    "Pipfile": _read_toml_packages,
    "poetry.lock": _read_toml_packages,
    "uv.lock": _read_toml_packages,
}


def _local_names(folder: Path) -> set[str]:
    names = set()
    try:
        for child in folder.iterdir():
            if child.suffix == ".py":
                names.add(child.stem)
            elif child.is_dir() and ((child / "__init__.py").exists() or any(child.glob("*.py"))):
                names.add(child.name)
    except OSError:
        pass
    for sub in ("src", "lib"):
        if (folder / sub).is_dir():
            names |= {n for n in _local_names_flat(folder / sub)}
    return names


def _local_names_flat(folder: Path) -> set[str]:
    names = set()
    try:
        for child in folder.iterdir():
            if child.suffix == ".py":
                names.add(child.stem)
            elif child.is_dir():
                names.add(child.name)
    except OSError:
        pass
    return names


@lru_cache(maxsize=256)
def project_for(directory: str, stop: str | None = None) -> Project:
    """Manifests from ``directory`` up to ``stop`` (the repository root) or the filesystem root."""
    project = Project()
    folder = Path(directory).resolve()
    stop_path = Path(stop).resolve() if stop else None
    while True:
        project.local_modules |= _local_names(folder)
        for name, reader in _READERS.items():
            candidate = folder / name
            if candidate.is_file():
                project.manifests.append(candidate)
                reader(project, candidate)
        try:
            requirement_files = sorted(folder.glob("requirements*.txt")) + sorted(folder.glob("requirements/*.txt"))
        except OSError:
            requirement_files = []
        for req in requirement_files:
            project.manifests.append(req)
            _read_requirements(project, req)
        if project.root is None and project.manifests:
            project.root = folder
        if (folder / ".git").exists() or folder.parent == folder or (stop_path is not None and folder == stop_path):
            break
        folder = folder.parent
    return project


def project_of(ctx) -> Project | None:
    """The Project of the file being audited, when its location on disk is known."""
    root = getattr(ctx, "root", None)
    rel = Path(ctx.path)
    if root:
        path = Path(root) / rel
    elif rel.is_absolute():
        path = rel
    elif rel.exists():
        path = rel.resolve()
    else:
        return None
    if not path.parent.is_dir():
        return None
    return project_for(str(path.parent), str(root) if root else None)
