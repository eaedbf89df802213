"""Non-finding risk signals: provenance, sensitive areas, tests, fix messages, file history.

Pattern lists are data tables; the weights that combine the signals live in
weights.json and are fitted by bench/ranking/evaluate.py, not chosen by hand.
"""
from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field

import git

# Names that appear in co-author trailers / footers of AI coding assistants.
AI_NAMES = (
    "copilot", "claude", "anthropic", "cursor", "codex", "openai", "chatgpt", "gpt-4", "gpt-5", "devin",
    "aider", "gemini", "jules", "codeium", "windsurf", "tabnine", "amazon q", "codewhisperer", "sweep",
    "sourcegraph cody", "cody", "replit agent", "bolt.new", "lovable", "v0",
)  # fmt: skip
_AI_NAME = re.compile(r"\b(" + "|".join(re.escape(n) for n in AI_NAMES) + r")\b", re.I)
_TRAILER = re.compile(r"^(co-authored-by|generated-by|assisted-by|ai-assisted|signed-off-by)\s*:\s*(.+)$", re.I | re.M)
_FOOTER = re.compile(r"(generated (with|by|using)|created (with|by) |written (with|by) )\s*\[?([\w .-]+)", re.I)
_BOT_AUTHOR = re.compile(r"(\[bot\]|\bbot\b|-bot@|noreply@(anthropic|openai|cursor)|devin-ai|copilot)", re.I)
_AIDER = re.compile(r"^aider: ", re.I)

FIX_WORDS = re.compile(r"\b(fix(e[sd]|ing)?|bug(s|fix)?|hotfix|patch(ed)?|repair(s|ed)?|crash(es)?|regression|"
                       r"broken|incorrect|wrong|resolve[sd]? #\d+|closes? #\d+|fixes #\d+)\b", re.I)  # fmt: skip

SENSITIVE_PATH = {
    "auth": re.compile(r"(auth|login|logout|password|passwd|session|token|oauth|permission|acl|credential|jwt|sso)", re.I),
    "crypto": re.compile(r"(crypt|cipher|hash|hmac|sign(ing|ature)|secret|\bkeys?\b|tls|ssl|cert)", re.I),
    "payments": re.compile(r"(payment|billing|invoice|charge|stripe|paypal|checkout|refund|wallet)", re.I),
    "migrations": re.compile(r"(migrations?/|alembic|schema|\bmigrate)", re.I),
    "concurrency": re.compile(r"(threading|multiprocessing|asyncio|\bLock\(|Semaphore|concurrent\.futures|"
                              r"\bawait\b|async def|\.acquire\(|Condition\()"),
    "deserialisation/exec": re.compile(r"(pickle|yaml\.load|marshal|subprocess|os\.system|\beval\(|\bexec\()"),
}  # fmt: skip

_TEST_PATH = re.compile(r"(^|/)(tests?|testing|spec|__tests__)(/|$)|(^|/)(test_[^/]*|[^/]*_test\.py|[^/]*\.(test|spec)\.[jt]sx?|conftest\.py)$")
_DOC_PATH = re.compile(r"(^|/)(docs?|examples?)/|\.(md|rst|txt|cfg|ini|toml|ya?ml|json|lock)$|(^|/)(CHANGES|CHANGELOG|AUTHORS|LICENSE)", re.I)


def is_test(path: str) -> bool:
    return bool(_TEST_PATH.search(path))


def is_doc(path: str) -> bool:
    return bool(_DOC_PATH.search(path))


_COMMENT_LINE = ("#", "//", "/*", "*")


def code_lines(lines: list[str]) -> int:
    """Lines that can carry a bug: not blank and not comment-only (docstrings count, as in SZZ blame)."""
    return sum(1 for line in lines if (text := line.strip()) and not text.startswith(_COMMENT_LINE))


def is_fix_message(message: str) -> bool:
    subject = message.strip().splitlines()[0] if message.strip() else ""
    return bool(FIX_WORDS.search(subject))


def ai_provenance(message: str, author: str = "", email: str = "") -> list[str]:
    """Human-readable evidence that an AI assistant wrote (part of) the commit."""
    evidence: list[str] = []
    for key, value in _TRAILER.findall(message):
        match = _AI_NAME.search(value)
        if match and key.lower() != "signed-off-by":
            evidence.append(f"{key.title()} trailer names {match.group(1)}")
    for match in _FOOTER.finditer(message):
        tool = _AI_NAME.search(match.group(0))
        if tool:
            evidence.append(f"footer \"{match.group(0).strip()[:60]}\"")
    if _AIDER.match(message):
        evidence.append("aider commit message")
    if _AI_NAME.search(author):
        evidence.append(f"AI author {author}")
    return list(dict.fromkeys(evidence))


def bot_author(author: str, email: str = "") -> bool:
    """Automation accounts (dependabot, pre-commit-ci, renovate...): a separate signal from AI assistants."""
    return bool(_BOT_AUTHOR.search(f"{author} <{email}>")) and not _AI_NAME.search(author)


def sensitive_areas(path: str, added_text: str) -> list[str]:
    found = []
    for name, pattern in SENSITIVE_PATH.items():
        if name in ("concurrency", "deserialisation/exec"):
            if pattern.search(added_text):
                found.append(name)
        elif pattern.search(path):
            found.append(name)
    return found


def entropy(sizes: list[int]) -> float:
    """Normalised Shannon entropy of the change spread over files (0 = one file)."""
    total = sum(sizes)
    if total <= 0 or len(sizes) < 2:
        return 0.0
    h = -sum((s / total) * math.log2(s / total) for s in sizes if s > 0)
    return h / math.log2(len(sizes))


@dataclass
class FileHistory:
    commits: int = 0
    fixes: int = 0
    authors: set[str] = field(default_factory=set)
    first: int = 0  # commit time of the file's first commit in the history window (0 = none seen)
    last: int = 0  # commit time of the file's latest earlier commit
    own: int = 0  # earlier commits to the file by the author of the change being scored


@dataclass
class AuthorHistory:
    """Experience of a change's author before it (Kamei et al.'s EXP / REXP)."""

    known: bool = False  # False in diff mode (no commit author): the model then uses its mean
    commits: int = 0  # earlier commits by the author
    recent: int = 0  # earlier commits by the author within RECENT_DAYS
    time: int = 0  # commit time of the change (0 = unknown)


RECENT_DAYS = 90


class History:
    """Per-file churn, fix commits, authors, age and the author's experience before each commit, from one
    ``git log`` pass."""

    def __init__(self, repo: git.Repo, tip: str, limit: int = 3000) -> None:
        out = repo.git.log("--no-merges", "--format=%x1e%H%x1f%ae%x1f%at%x1f%s", "--name-only", f"-n{limit}", tip)
        self.records: list[tuple[str, str, int, bool, list[str]]] = []
        for record in reversed(out.split("\x1e")[1:]):
            head, _, names = record.partition("\n")
            sha, email, when, subject = (head.split("\x1f") + ["", "", ""])[:4]
            files = [n for n in names.split("\n") if n]
            self.records.append((sha, email, int(when or 0), is_fix_message(subject), files))
        self._snapshots: dict[str, dict[str, FileHistory]] = {}
        self._authors: dict[str, AuthorHistory] = {}

    def before(self, shas: list[str], paths_of: dict[str, list[str]]) -> None:
        """Snapshot the history of ``paths_of[sha]`` just before each sha (one chronological pass)."""
        wanted = set(shas)
        state: dict[str, FileHistory] = {}
        by_author: dict[str, list[int]] = {}  # author -> commit times (chronological)
        own: dict[tuple[str, str], int] = {}  # (path, author) -> commits
        for sha, email, when, fix, files in self.records:
            if sha in wanted:
                self._snapshots[sha] = {p: _copy(state.get(p), own.get((p, email), 0)) for p in paths_of.get(sha, [])}
                times = by_author.get(email, [])
                recent = len(times) - bisect.bisect_left(times, when - RECENT_DAYS * 86400)
                self._authors[sha] = AuthorHistory(True, len(times), recent, when)
            for name in files:
                entry = state.setdefault(name, FileHistory(first=when))
                entry.commits += 1
                entry.fixes += fix
                entry.authors.add(email)
                entry.last = when
                own[(name, email)] = own.get((name, email), 0) + 1
            by_author.setdefault(email, []).append(when)
        now = self.records[-1][2] if self.records else 0
        for sha in wanted - self._snapshots.keys():  # not in the window (e.g. the tip itself): full state
            self._snapshots[sha] = {p: _copy(state.get(p)) for p in paths_of.get(sha, [])}
            self._authors[sha] = AuthorHistory(False, time=now)

    def of(self, sha: str, path: str) -> FileHistory:
        return self._snapshots.get(sha, {}).get(path) or FileHistory()

    def author(self, sha: str) -> AuthorHistory:
        return self._authors.get(sha) or AuthorHistory()


def _copy(entry: FileHistory | None, own: int = 0) -> FileHistory:
    if not entry:
        return FileHistory()
    return FileHistory(entry.commits, entry.fixes, set(entry.authors), entry.first, entry.last, own)


def top_counter(counter: Counter, n: int = 3) -> str:
    return ", ".join(f"{k} x{v}" if v > 1 else k for k, v in counter.most_common(n))
