"""Git plumbing for review: resolve what to compare, list changed files and their hunks.

Everything is read from the git object store (blobs by sha), never from the
working tree, so a review of ``A..B`` is the same wherever it runs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import git

ZERO = "0" * 40
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


class ReviewError(Exception):
    """A clear, user-facing problem (missing base in a shallow clone, bad ref...)."""


@dataclass
class Hunk:
    old_start: int
    old_len: int
    new_start: int
    new_len: int
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    @property
    def start(self) -> int:
        """First new-side line (for a pure deletion: the line after which lines went)."""
        return max(1, self.new_start)

    @property
    def end(self) -> int:
        return self.new_start + self.new_len - 1 if self.new_len else max(1, self.new_start)

    def added_lines(self) -> range:
        return range(self.new_start, self.new_start + self.new_len)


@dataclass
class FileChange:
    path: str  # new path (old path for deletions)
    old_path: str | None
    status: str  # A M D R C T
    old_blob: str | None
    new_blob: str | None
    old_mode: str = ""
    new_mode: str = ""
    binary: bool = False
    hunks: list[Hunk] = field(default_factory=list)
    note: str = ""

    @property
    def submodule(self) -> bool:
        return self.old_mode == "160000" or self.new_mode == "160000"

    @property
    def added(self) -> int:
        return sum(h.new_len for h in self.hunks)

    @property
    def deleted(self) -> int:
        return sum(h.old_len for h in self.hunks)

    def added_line_set(self) -> set[int]:
        return {n for h in self.hunks for n in h.added_lines()}


def open_repo(path: str = ".") -> git.Repo:
    import os

    try:
        repo = git.Repo(path, search_parent_directories=True)
        if os.path.isfile(os.path.join(path, "HEAD")) and os.path.isdir(os.path.join(path, "objects")):
            repo.git.update_environment(GIT_DIR=os.path.abspath(path))  # a bare mirror without a config file
        return repo
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise ReviewError(f"{path}: not inside a git repository") from None


def resolve(repo: git.Repo, ref: str) -> str:
    try:
        return repo.git.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}").strip()
    except git.GitCommandError:
        shallow = repo.git.rev_parse("--is-shallow-repository").strip() == "true"
        hint = " (this is a shallow clone: fetch more history, e.g. `git fetch --unshallow`)" if shallow else ""
        raise ReviewError(f"cannot find revision {ref!r}{hint}") from None


def default_base(repo: git.Repo, head: str) -> str:
    """Merge-base of HEAD with the default branch (origin/HEAD, main, master, trunk, develop)."""
    candidates = []
    try:
        candidates.append(repo.git.symbolic_ref("--quiet", "refs/remotes/origin/HEAD").strip())
    except git.GitCommandError:
        pass
    candidates += ["origin/main", "origin/master", "main", "master", "trunk", "develop"]
    for name in candidates:
        try:
            branch = repo.git.rev_parse("--verify", "--quiet", f"{name}^{{commit}}").strip()
        except git.GitCommandError:
            continue
        try:
            base = repo.git.merge_base(branch, head).strip()
        except git.GitCommandError:
            shallow = repo.git.rev_parse("--is-shallow-repository").strip() == "true"
            hint = "; this is a shallow clone: `git fetch --unshallow` or pass BASE" if shallow else ""
            raise ReviewError(f"no merge-base between {name} and {head[:12]}{hint}") from None
        if base == head:
            # On the default branch itself: review the last commit.
            try:
                return repo.git.rev_parse("--verify", "--quiet", f"{head}^").strip()
            except git.GitCommandError:
                raise ReviewError("HEAD is the root commit; pass BASE explicitly") from None
        return base
    raise ReviewError("cannot find a default branch (main/master); pass BASE explicitly")


def diff(repo: git.Repo, base: str | None, head: str | None, *, staged: bool = False) -> list[FileChange]:
    """Changes base -> head (commits), or HEAD -> index when ``staged``; rename detection on."""
    common = ["-M", "--no-color", "--no-ext-diff", "--no-abbrev", "--ignore-submodules=none"]
    if staged:
        revs = ["--cached", base or "HEAD"]
    elif base is None:  # root commit: compare with the empty tree
        revs = ["4b825dc642cb6eb9a060ac54560ae8d4ccfcaf8c", head]
    else:
        revs = [base, head]
    raw = repo.git.diff("--raw", "-z", *common, *revs)
    changes: list[FileChange] = []
    parts = raw.split("\0")
    i = 0
    while i < len(parts):
        meta = parts[i]
        if not meta.startswith(":"):
            i += 1
            continue
        old_mode, new_mode, old_sha, new_sha, status = meta[1:].split(" ")[:5]
        kind = status[0]
        if kind in "RC":
            old_path, new_path = parts[i + 1], parts[i + 2]
            i += 3
        else:
            old_path = new_path = parts[i + 1]
            i += 2
        changes.append(
            FileChange(
                path=new_path, old_path=old_path if kind != "A" else None, status=kind,
                old_blob=None if old_sha == ZERO else old_sha, new_blob=None if new_sha == ZERO else new_sha,
                old_mode=old_mode, new_mode=new_mode,
            )
        )  # fmt: skip
    if not changes:
        return changes
    patch = repo.git.diff("-p", "-U0", *common, *revs)
    _attach_hunks(changes, patch)
    for change in changes:
        if change.submodule:
            change.hunks = []
            change.note = "submodule skipped"
        elif change.binary:
            change.note = "binary file skipped"
    return changes



def _start_hunk(change: "FileChange", line: str) -> "Hunk | None":
    """The hunk a `@@ -a,b +c,d @@` header opens (appended to the change), or None for any other line."""
    match = _HUNK.match(line)
    if not match:
        return None
    a, b, c, d = match.groups()
    hunk = Hunk(int(a), 1 if b is None else int(b), int(c), 1 if d is None else int(d))
    change.hunks.append(hunk)
    return hunk

def _attach_hunks(changes: list[FileChange], patch: str) -> None:
    """Patch blocks come in the same order as raw entries."""
    index = -1
    current: Hunk | None = None
    for line in patch.split("\n"):
        if line.startswith("diff --git "):
            index += 1
            current = None
            continue
        if index < 0 or index >= len(changes):
            continue
        change = changes[index]
        if current is None and (line.startswith("Binary files ") or line.startswith("GIT binary patch")):
            change.binary = True
            continue
        if current is None or line.startswith("@@"):
            current = _start_hunk(change, line) or current
            continue
        if line.startswith("+"):
            current.added.append(line[1:])
        elif line.startswith("-"):
            current.removed.append(line[1:])


def read_blob(repo: git.Repo, sha: str | None) -> bytes | None:
    if not sha:
        return None
    try:
        return repo.odb.stream(bytes.fromhex(sha)).read()
    except Exception:  # noqa: BLE001 - missing object (shallow/partial clone)
        return None


@dataclass
class CommitInfo:
    sha: str
    parent: str | None
    author: str
    email: str
    time: int
    message: str


def commits_in_range(repo: git.Repo, spec: str) -> tuple[list[CommitInfo], int]:
    """Non-merge commits of ``A..B``, oldest first, and the number of merges skipped."""
    left, _, right = spec.partition("..")
    resolve(repo, left or "HEAD")
    resolve(repo, right or "HEAD")
    out = repo.git.log("--format=%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%ct%x1f%B", "--reverse", spec)
    commits, merges = [], 0
    for record in out.split("\x1e")[1:]:
        sha, parents, author, email, when, message = record.split("\x1f", 5)
        parent_list = parents.split()
        if len(parent_list) > 1:
            merges += 1
            continue
        commits.append(CommitInfo(sha, parent_list[0] if parent_list else None, author, email, int(when), message.strip()))
    return commits, merges
