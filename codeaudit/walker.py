"""Which files to audit.

Inside a git repository: tracked files plus untracked files that are not
ignored (``git ls-files``). Outside one: a directory walk honouring
.gitignore files. Either way default excludes (virtualenvs, node_modules,
build output, vendored site-packages) and the config's excludes apply.
Files that cannot be audited are reported as diagnostics, never dropped
silently.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path


from codeaudit.results import Diagnostic

LANGUAGES = {
    ".py": "python", ".pyi": "python",
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
    ".ts": "typescript", ".mts": "typescript", ".cts": "typescript",
    ".tsx": "tsx",
}  # fmt: skip

DEFAULT_EXCLUDES = (
    ".git/", ".hg/", ".svn/", ".venv/", "venv/", "env/", ".env/", ".tox/", ".nox/", "node_modules/",
    "build/", "dist/", "site-packages/", "__pycache__/", ".mypy_cache/", ".pytest_cache/",
    ".codeaudit_cache/", "*.egg-info/", "*.min.js",
)  # fmt: skip


def language_of(path: str) -> str | None:
    return LANGUAGES.get(os.path.splitext(path)[1].lower())


@dataclass
class Target:
    path: Path  # absolute
    relpath: str  # posix, relative to the project root
    language: str


@dataclass
class WalkResult:
    root: Path
    targets: list[Target] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def find_root(paths: list[Path]) -> Path:
    """The git work tree containing the first path, else the current folder."""
    start = (paths[0] if paths else Path.cwd()).resolve()
    probe = start if start.is_dir() else start.parent
    for folder in (probe, *probe.parents):
        if (folder / ".git").exists():
            return folder
    cwd = Path.cwd().resolve()
    return cwd if all(_is_within(p.resolve(), cwd) for p in paths) else probe


def _is_within(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def _git_files(root: Path) -> list[str] | None:
    """Tracked + untracked-not-ignored files, or None when git is unusable here."""
    try:
        import git

        repo = git.Repo(root)
        out = repo.git.ls_files("-z", "--cached", "--others", "--exclude-standard")
    except Exception:  # noqa: BLE001 - not a repo, no git binary, broken repo: fall back to a walk
        return None
    return sorted({name for name in out.split("\0") if name})


def _walk_files(folder: Path, root: Path) -> list[str]:
    """All files under folder, honouring nested .gitignore files."""
    found = []
    import pathspec

    specs: dict[Path, pathspec.PathSpec] = {}
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        current = Path(dirpath)
        ignore = current / ".gitignore"
        if ignore.is_file():
            try:
                specs[current] = pathspec.GitIgnoreSpec.from_lines(ignore.read_text("utf-8", "replace").splitlines())
            except OSError:
                pass

        def ignored(path: Path, is_dir: bool) -> bool:
            for base, spec in specs.items():
                if _is_within(path, base):
                    rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
                    if spec.match_file(rel):
                        return True
            return False

        dirnames[:] = sorted(d for d in dirnames if d != ".git" and not ignored(current / d, True))
        for name in sorted(filenames):
            path = current / name
            if not ignored(path, False):
                found.append(path.relative_to(root).as_posix() if _is_within(path, root) else str(path))
    return found


class _Excludes:
    """Gitignore-style exclude patterns, compiled on first use (explicit files never need them)."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self.patterns = patterns
        self._spec = None

    def match_file(self, path: str) -> bool:
        if self._spec is None:
            import pathspec

            self._spec = pathspec.GitIgnoreSpec.from_lines(self.patterns)
        return self._spec.match_file(path)


def walk(paths: list[Path], exclude: tuple[str, ...] = (), max_size: int = 1024 * 1024) -> WalkResult:
    root = find_root(paths)
    result = WalkResult(root=root)
    excludes = _Excludes((*DEFAULT_EXCLUDES, *exclude))
    git_files = _git_files(root) if any(p.is_dir() for p in paths or [root]) else None
    candidates: list[tuple[str, bool]] = []  # (relpath, given explicitly or inside an excluded folder given explicitly)
    for given in paths or [root]:
        absolute = given.resolve() if not given.is_symlink() else given.absolute()
        if not given.exists() and not given.is_symlink():
            result.diagnostics.append(Diagnostic(str(given), "missing", f"{given}: no such file or folder"))
            continue
        rel = absolute.relative_to(root).as_posix() if _is_within(absolute, root) else str(absolute)
        if given.is_dir():
            # Naming an excluded folder explicitly audits it anyway (as ruff does).
            forced = rel != "." and excludes.match_file(rel + "/")
            if git_files is not None and _is_within(absolute, root):
                prefix = "" if rel == "." else rel + "/"
                candidates.extend((f, forced) for f in git_files if f.startswith(prefix))
            else:
                candidates.extend((f, forced) for f in _walk_files(absolute, root))
        else:
            candidates.append((rel, True))
    seen = set()
    for rel, explicit in candidates:
        if rel in seen:
            continue
        seen.add(rel)
        language = language_of(rel)
        if language is None or (not explicit and excludes.match_file(rel)):
            continue
        target = _check_file(root, rel, language, max_size, result, explicit)
        if target is not None:
            result.targets.append(target)
    if not result.targets and not result.diagnostics:
        where = ", ".join(str(p) for p in paths) or str(root)
        result.diagnostics.append(Diagnostic(where, "empty", f"{where}: no Python, JavaScript or TypeScript files to audit"))
    result.targets.sort(key=lambda t: t.relpath)
    return result


def _check_file(
    root: Path, rel: str, language: str, max_size: int, result: WalkResult, explicit: bool
) -> Target | None:
    path = root / rel if not os.path.isabs(rel) else Path(rel)

    def skip(kind: str, why: str) -> None:
        result.diagnostics.append(Diagnostic(rel, kind, f"{rel}: {why}; skipped"))

    if not explicit and not path.is_symlink() and not path.exists():
        return None  # tracked by git but deleted in the work tree: nothing to audit
    try:
        if path.is_symlink():
            real = path.resolve(strict=True)
            if not _is_within(real, root):
                skip("symlink", f"symlink pointing outside the project ({real})")
                return None
        info = path.stat()
    except RuntimeError:
        skip("symlink", "symlink loop")
        return None
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            skip("symlink", "symlink loop")
        else:
            skip("unreadable", f"cannot be read ({exc.strerror or exc})")
        return None
    if not stat.S_ISREG(info.st_mode):
        skip("special", "not a regular file")
        return None
    if info.st_size > max_size:
        skip("too-large", f"{info.st_size} bytes is over the {max_size}-byte limit (max-file-size)")
        return None
    return Target(path=path, relpath=rel, language=language)
