"""Audit both sides of a change, classify findings, measure complexity deltas, build ranked items."""
from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import git

from codeaudit.api import Auditor
from codeaudit.config import Config
from codeaudit.finding import Finding
from codeaudit.review import gitdiff, scoring, signals
from codeaudit.review.gitdiff import CommitInfo, FileChange, Hunk, ReviewError
from codeaudit.rule import Confidence, Severity
from codeaudit.walker import language_of

SEVERITY_WEIGHT = {Severity.CRITICAL: 4.0, Severity.HIGH: 3.0, Severity.MEDIUM: 2.0, Severity.LOW: 1.0, Severity.INFO: 0.5}
CONFIDENCE_WEIGHT = {Confidence.HIGH: 1.0, Confidence.MEDIUM: 0.7, Confidence.LOW: 0.4}
MAX_AUDIT_BYTES = 1_000_000


@dataclass
class FunctionDelta:
    name: str
    old: int | None  # None: new function
    new: int
    start: int
    end: int


@dataclass
class FileAnalysis:
    change: FileChange
    language: str | None
    new: list[Finding] = field(default_factory=list)
    existing: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    functions: list[FunctionDelta] = field(default_factory=list)
    history: signals.FileHistory = field(default_factory=signals.FileHistory)
    head_lines: list[str] = field(default_factory=list)


@dataclass
class Item:
    kind: str  # commit | file | hunk
    path: str | None
    score: float
    reasons: list[str]
    findings: list[Finding]
    sha: str | None = None
    start: int | None = None
    end: int | None = None
    added: int = 0
    deleted: int = 0
    features: dict[str, float] = field(default_factory=dict)
    subject: str = ""
    author: str = ""
    diff: list[str] = field(default_factory=list)  # hunk text for reports (" ", "+", "-" prefixed)
    files: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        if self.sha is not None:
            data["sha"] = self.sha
        data["path"] = self.path
        if self.kind == "hunk":
            data["start"], data["end"] = self.start, self.end
        data.update(
            score=self.score, reasons=self.reasons, findings=[f.to_dict() for f in self.findings],
            added=self.added, deleted=self.deleted,
        )  # fmt: skip
        if self.kind == "commit":
            data.update(subject=self.subject, author=self.author, files=self.files)
        data["features"] = {k: round(v, 4) for k, v in self.features.items()}
        return data


@dataclass
class ReviewResult:
    mode: str  # diff | staged | range
    base: str | None
    head: str | None
    by: str
    items: list[Item]
    new_findings: list[Finding]
    existing: int
    fixed: list[Finding]
    notes: list[str]
    rules: list[Any]
    root: Any
    commits: int = 0
    files: int = 0
    elapsed: float = 0.0
    ranking: str = "risk"  # risk | per-line (scoring.PER_LINE_ALPHA)

    @property
    def findings(self) -> list[Finding]:  # what the SARIF reporter reads: new findings only
        return self.new_findings

    @property
    def all_diagnostics(self) -> list[Any]:
        from codeaudit.engine import Diagnostic

        return [Diagnostic("", "review", note) for note in self.notes]


class Analyzer:
    """Audits blobs (cached by path + blob id) and analyses file changes."""

    def __init__(self, repo: git.Repo, config: Config) -> None:
        self.repo = repo
        self.auditor = Auditor(config)
        self._audits: dict[tuple[str, str], list[Finding]] = {}
        self._cc: dict[str, dict[str, tuple[int, int, int]]] = {}
        self._text: dict[str, str] = {}

    def _blob_text(self, sha: str | None) -> str | None:
        if not sha:
            return None
        if sha not in self._text:
            data = gitdiff.read_blob(self.repo, sha)
            self._text[sha] = None if data is None or len(data) > MAX_AUDIT_BYTES else data.decode("utf-8", "replace")
            if len(self._text) > 4000:
                self._text.pop(next(iter(self._text)))
        return self._text[sha]

    def findings_of(self, path: str, sha: str | None, language: str) -> list[Finding]:
        if not sha:
            return []
        key = (path, sha)
        if key not in self._audits:
            text = self._blob_text(sha)
            found: list[Finding] = []
            if text is not None:
                try:
                    found = list(self.auditor.audit_bytes(path, text.encode("utf-8"), language).findings)
                except Exception:  # noqa: BLE001 - an engine failure on one file must not stop the review
                    found = []
            self._audits[key] = found
            if len(self._audits) > 20000:
                self._audits.pop(next(iter(self._audits)))
        return self._audits[key]

    def _needs_base(self, change: FileChange, head: list[Finding] | None = None) -> bool:
        """The base version only matters when lines were removed (findings may be fixed or moved) or when a
        head finding touches added lines (it may be an old one that moved). Pure additions without such
        findings skip the second audit."""
        if not change.old_blob:
            return False
        if any(h.old_len for h in change.hunks):
            return True
        if head is None:
            head = self._audits.get((change.path, change.new_blob or ""))
            if head is None:
                return False  # prefetch: decided later, once the head version has been audited
        # Pure additions: a head finding on added lines can only be old if an identical finding elsewhere in
        # the file shifted its occurrence index (the fingerprint numbers identical snippets in order).
        from codeaudit.finding import normalise_snippet

        added = change.added_line_set()
        touching = {(f.code, normalise_snippet(f.snippet)) for f in head
                    if any(n in added for n in range(f.span.start_line, f.span.end_line + 1))}  # fmt: skip
        untouched = {(f.code, normalise_snippet(f.snippet)) for f in head
                     if not any(n in added for n in range(f.span.start_line, f.span.end_line + 1))}  # fmt: skip
        return bool(touching & untouched)

    def prefetch(self, changes: list[FileChange], jobs: int | None = None) -> None:
        """Audit every blob these changes need, on a process pool when there are enough of them."""
        import os
        import sys
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context

        todo: dict[tuple[str, str], tuple[str, bytes, str]] = {}
        for change in changes:
            language = language_of(change.path)
            if change.submodule or change.binary or change.status == "D" or language is None:
                continue
            for sha in (change.new_blob, change.old_blob if self._needs_base(change) else None):
                if sha and (change.path, sha) not in self._audits and (change.path, sha) not in todo:
                    text = self._blob_text(sha)
                    if text is not None:
                        todo[(change.path, sha)] = (change.path, text.encode("utf-8"), language)
        jobs = jobs or min(os.cpu_count() or 1, 8)
        if jobs < 2 or len(todo) < PARALLEL_BLOBS:
            return  # audited lazily, in-process
        keys = sorted(todo, key=lambda k: -len(todo[k][1]))  # biggest first: better load balance
        fork = sys.platform.startswith("linux")
        if fork:  # children inherit the loaded rules instead of loading them again
            _WORKER["auditor"] = self.auditor
        context = get_context("fork" if fork else "spawn")
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(self.auditor.config,)) as pool:
            for key, found in zip(keys, pool.map(_audit_worker, [todo[k] for k in keys], chunksize=1)):
                self._audits[key] = found

    def complexity_of(self, sha: str | None) -> dict[str, tuple[int, int, int]]:
        """Function full name -> (complexity, first line, last line), via radon."""
        if not sha:
            return {}
        if sha not in self._cc:
            text = self._blob_text(sha)
            table: dict[str, tuple[int, int, int]] = {}
            if text is not None:
                try:
                    from radon.complexity import cc_visit

                    for block in cc_visit(text):
                        for fn in [block, *getattr(block, "methods", [])]:
                            if type(fn).__name__ == "Function":
                                table[fn.fullname] = (fn.complexity, fn.lineno, fn.endline or fn.lineno)
                except Exception:  # noqa: BLE001 - syntax errors, py2 code: no complexity signal
                    table = {}
            self._cc[sha] = table
            if len(self._cc) > 20000:
                self._cc.pop(next(iter(self._cc)))
        return self._cc[sha]

    def analyse(self, change: FileChange) -> FileAnalysis:
        language = language_of(change.path)
        result = FileAnalysis(change, language)
        if change.submodule or change.binary or change.status == "D" or language is None:
            return result
        text = self._blob_text(change.new_blob)
        if text is None:
            return result
        result.head_lines = text.splitlines()
        added = change.added_line_set()
        head = self.findings_of(change.path, change.new_blob, language)
        base = self.findings_of(change.path, change.old_blob, language) if change.old_blob and self._needs_base(change, head) else []
        base_prints = {f.fingerprint for f in base}
        head_prints = {f.fingerprint for f in head}
        for finding in head:
            if finding.fingerprint in base_prints:
                result.existing.append(finding)
            elif any(line in added for line in range(finding.span.start_line, finding.span.end_line + 1)):
                result.new.append(finding)
            else:
                result.existing.append(finding)
        result.fixed = [f for f in base if f.fingerprint not in head_prints]
        if language == "python" and added:
            old_cc = self.complexity_of(change.old_blob)
            for name, (cc, start, end) in self.complexity_of(change.new_blob).items():
                if any(start <= line <= end for line in added):
                    old = old_cc.get(name)
                    result.functions.append(FunctionDelta(name, old[0] if old else None, cc, start, end))
        return result


PARALLEL_BLOBS = 6
_WORKER: dict[str, Auditor] = {}


def _init_worker(config: Config) -> None:
    if "auditor" not in _WORKER:
        _WORKER["auditor"] = Auditor(config)


def _audit_worker(job: tuple[str, bytes, str]) -> list[Finding]:
    path, data, language = job
    try:
        return list(_WORKER["auditor"].audit_bytes(path, data, language).findings)
    except Exception:  # noqa: BLE001 - one bad file must not stop the review
        return []


def _finding_weight(findings: list[Finding]) -> float:
    return sum(SEVERITY_WEIGHT[f.severity] * CONFIDENCE_WEIGHT[f.confidence] for f in findings)


@dataclass
class Context:
    """What the commit (or the whole diff) says about a piece: provenance, tests, message."""

    ai: list[str] = field(default_factory=list)
    bot: bool = False
    fix: bool = False
    tests_touched: bool = False
    code_added: int = 0
    files: int = 0
    entropy: float = 0.0
    subject: str = ""
    author: signals.AuthorHistory = field(default_factory=signals.AuthorHistory)


def build_context(analyses: list[FileAnalysis], commit: CommitInfo | None, author: signals.AuthorHistory | None = None) -> Context:
    ctx = Context()
    ctx.author = author or signals.AuthorHistory()
    if commit is not None:
        ctx.ai = signals.ai_provenance(commit.message, commit.author, commit.email)
        ctx.bot = signals.bot_author(commit.author, commit.email)
        ctx.fix = signals.is_fix_message(commit.message)
        ctx.subject = commit.message.splitlines()[0] if commit.message else ""
    ctx.tests_touched = any(signals.is_test(a.change.path) for a in analyses)
    ctx.code_added = sum(a.change.added for a in analyses if not signals.is_test(a.change.path) and not signals.is_doc(a.change.path))
    ctx.files = len(analyses)
    ctx.entropy = signals.entropy([a.change.added + a.change.deleted for a in analyses])
    return ctx


def code_size(code_added: int, code_deleted: int, added: int) -> dict[str, float]:
    """Size in lines that can carry a bug: blank, comment, test and doc lines cannot."""
    return {"log_code_added": math.log1p(code_added), "log_code_deleted": math.log1p(code_deleted),
            "code_share": code_added / added if added else 0.0}  # fmt: skip


def features(pieces: list[tuple[FileAnalysis, list[Hunk]]], ctx: Context, level: str) -> tuple[dict[str, float], dict[str, Any]]:
    """Feature vector (for the fitted model) and the raw facts behind it (for the reasons)."""
    added = sum(h.new_len for _, hunks in pieces for h in hunks)
    deleted = sum(h.old_len for _, hunks in pieces for h in hunks)
    findings: list[Finding] = []
    functions: list[FunctionDelta] = []
    areas: Counter = Counter()
    hist_commits = hist_fixes = hist_authors = 0
    ages: list[float] = []
    idle: list[float] = []
    own_share = 0.0
    lt = 0  # lines of the touched code files before the change
    code_added = code_deleted = 0  # non-blank, non-comment lines of code files (tests and docs excluded)
    dirs: set[str] = set()
    code_paths = [a.change.path for a, _ in pieces if not signals.is_test(a.change.path) and not signals.is_doc(a.change.path)]
    for analysis, hunks in pieces:
        lines = {n for h in hunks for n in h.added_lines()}
        for f in analysis.new:
            if level != "hunk" or any(n in lines for n in range(f.span.start_line, f.span.end_line + 1)):
                findings.append(f)
        for fn in analysis.functions:
            if level != "hunk" or any(fn.start <= n <= fn.end for n in lines):
                functions.append(fn)
        text = "\n".join(line for h in hunks for line in h.added)
        for area in signals.sensitive_areas(analysis.change.path, text):
            areas[area] += 1
        if analysis.change.path in code_paths:
            hist_commits = max(hist_commits, analysis.history.commits)
            hist_fixes = max(hist_fixes, analysis.history.fixes)
            hist_authors = max(hist_authors, len(analysis.history.authors))
            h = analysis.history
            when = ctx.author.time
            if h.commits and when:
                ages.append(max(0.0, (when - h.first) / 86400))
                idle.append(max(0.0, (when - h.last) / 86400))
                own_share = max(own_share, h.own / h.commits)
            code_added += sum(signals.code_lines(h.added) for h in hunks)
            code_deleted += sum(signals.code_lines(h.removed) for h in hunks)
            lt += max(0, len(analysis.head_lines) - analysis.change.added + analysis.change.deleted)
            dirs.add(analysis.change.path.rpartition("/")[0])
    increase = sum(max(0, fn.new - (fn.old or 0)) for fn in functions if fn.old is not None or fn.new > 1)
    cc_max = max((fn.new for fn in functions), default=0)
    test_only = bool(pieces) and all(signals.is_test(a.change.path) for a, _ in pieces)
    doc_only = bool(pieces) and all(signals.is_doc(a.change.path) for a, _ in pieces)
    new_file = sum(h.new_len for a, hunks in pieces if a.change.status == "A" for h in hunks)
    x = {
        "log_added": math.log1p(added),
        "log_deleted": math.log1p(deleted),
        "log_files": math.log1p(ctx.files if level == "commit" else len(pieces)),
        "entropy": ctx.entropy if level == "commit" else 0.0,
        "findings": math.log1p(_finding_weight(findings)),
        "cc_increase": math.log1p(increase),
        "cc_max": math.log1p(cc_max),
        "hist_commits": math.log1p(hist_commits),
        "hist_fixes": math.log1p(hist_fixes),
        "hist_authors": math.log1p(hist_authors),
        "no_tests": float(ctx.code_added > 0 and not ctx.tests_touched),
        "test_only": float(test_only),
        "doc_only": float(doc_only),
        "sensitive": float(len(areas)),
        "ai": float(bool(ctx.ai)),
        "bot": float(ctx.bot),
        "fix_msg": float(ctx.fix),
        "new_file_share": new_file / added if added else 0.0,
        # JIT defect-prediction history/size features (Kamei et al. 2013): file age, time since the last
        # change, size of the touched files (LT), relative churn, directories touched, author experience.
        "file_age": math.log1p(sum(ages) / len(ages)) if ages else 0.0,
        "since_last": math.log1p(min(idle)) if idle else 0.0,
        "log_lt": math.log1p(lt),
        "rel_churn": math.log1p((added + deleted) / max(1, lt)),
        "log_dirs": math.log1p(len(dirs)) if level == "commit" else 0.0,
        **code_size(code_added, code_deleted, added),
    }
    if ctx.author.known:  # unknown in diff mode: left out, so the model uses its mean
        x["exp"] = math.log1p(ctx.author.commits)
        x["rexp"] = math.log1p(ctx.author.recent)
        x["own_share"] = own_share
    facts = {
        "added": added, "deleted": deleted, "findings": findings, "functions": functions, "areas": areas,
        "hist": (hist_commits, hist_fixes, hist_authors), "ctx": ctx, "level": level,
        "age": sum(ages) / len(ages) if ages else None, "idle": min(idle) if idle else None, "own": own_share, "lt": lt,
    }  # fmt: skip
    return x, facts


def reasons(x: dict[str, float], facts: dict[str, Any], contributions: dict[str, float]) -> list[str]:
    out: list[tuple[float, str]] = []
    findings: list[Finding] = facts["findings"]
    if findings:
        groups = Counter((f.severity, f.category.value) for f in findings)
        parts = [f"{n} new {sev.value.upper()} {cat} finding{'s' if n > 1 else ''}"
                 for (sev, cat), n in sorted(groups.items(), key=lambda kv: (-SEVERITY_WEIGHT[kv[0][0]], kv[0][1]))]  # fmt: skip
        codes = Counter(f.code for f in findings)
        out.append((100.0, "; ".join(parts) + f" ({signals.top_counter(codes)})"))
    grown = sorted((fn for fn in facts["functions"] if fn.old is not None and fn.new > fn.old), key=lambda fn: fn.old - fn.new)
    born = sorted((fn for fn in facts["functions"] if fn.old is None and fn.new >= 5), key=lambda fn: -fn.new)
    if grown:
        text = ", ".join(f"`{fn.name}` {fn.old} -> {fn.new}" for fn in grown[:3])
        out.append((contributions.get("cc_increase", 0) + 1, f"complexity of {text}"))
    if born:
        text = ", ".join(f"`{fn.name}` ({fn.new})" for fn in born[:3])
        out.append((contributions.get("cc_max", 0) + 0.5, f"new complex function{'s' if len(born) > 1 else ''} {text}"))
    ctx: Context = facts["ctx"]
    if ctx.ai:
        out.append((50.0, "AI provenance: " + "; ".join(ctx.ai[:2])))
    if ctx.bot:
        out.append((contributions.get("bot", 0), "authored by a bot account"))
    if x["no_tests"] and facts["added"] >= 20:
        out.append((contributions.get("no_tests", 0) + 0.2, f"{_lines(facts['added'])} added without tests touched"))
    elif facts["added"] or facts["deleted"]:
        out.append((contributions.get("log_added", 0), f"{_lines(facts['added'])} added, {facts['deleted']} deleted"))
    commits, fixes, authors = facts["hist"]
    if fixes:
        out.append((contributions.get("hist_fixes", 0), f"touched code had {fixes} earlier fix commit{'s' if fixes > 1 else ''} ({commits} commits, {authors} authors)"))  # fmt: skip
    elif commits >= 20:
        out.append((contributions.get("hist_commits", 0), f"frequently changed code ({commits} earlier commits, {authors} authors)"))
    if facts["areas"]:
        out.append((contributions.get("sensitive", 0) + 0.3, "sensitive area: " + ", ".join(sorted(facts["areas"]))))
    if ctx.fix:
        out.append((contributions.get("fix_msg", 0), "a fix commit (fixes often introduce new defects)"))
    if facts["level"] == "commit" and ctx.files >= 5:
        out.append((contributions.get("log_files", 0), f"{ctx.files} files touched"))
    # History/size signals: stated as facts when the fitted model says they raise this item's risk.
    author = ctx.author
    if author.known and contributions.get("exp", 0) + contributions.get("rexp", 0) > 0.2:
        out.append((contributions["exp"] + contributions["rexp"], f"author's experience: {author.commits} earlier commits ({author.recent} in the last {signals.RECENT_DAYS} days)"))  # fmt: skip
    if author.known and contributions.get("own_share", 0) > 0.2:
        out.append((contributions["own_share"], f"author made {facts['own']:.0%} of the earlier commits to this code"))
    if facts["idle"] is not None and contributions.get("since_last", 0) > 0.2:
        out.append((contributions["since_last"], f"code last changed {facts['idle']:.0f} days earlier"))
    if facts["age"] is not None and contributions.get("file_age", 0) > 0.2:
        out.append((contributions["file_age"], f"code first changed {facts['age']:.0f} days earlier"))
    if facts["lt"] and contributions.get("log_lt", 0) + contributions.get("rel_churn", 0) > 0.2:
        out.append((contributions.get("log_lt", 0) + contributions.get("rel_churn", 0), f"touches {_lines(facts['lt'])} of existing code"))  # fmt: skip
    if x["test_only"]:
        out.append((-5.0, "tests only"))
    elif x["doc_only"]:
        out.append((-5.0, "documentation/config only"))
    out.sort(key=lambda pair: -pair[0])
    return [text for _, text in out]


def _diff_lines(hunk: Hunk) -> list[str]:
    return [f"-{line}" for line in hunk.removed] + [f"+{line}" for line in hunk.added]


def make_items(
    analyses: list[FileAnalysis], ctx: Context, by: str, model: scoring.Model, commit: CommitInfo | None, with_sha: bool
) -> list[Item]:
    items: list[Item] = []
    sha = commit.sha if (commit and with_sha) else None
    if by == "commit":
        pieces = [(a, a.change.hunks) for a in analyses]
        x, facts = features(pieces, ctx, "commit")
        score, contrib = model.score("commit", x)
        items.append(Item("commit", None, score, reasons(x, facts, contrib), facts["findings"], sha=commit.sha if commit else None,
                          added=facts["added"], deleted=facts["deleted"], features=x, subject=ctx.subject,
                          author=commit.author if commit else "", files=[a.change.path for a in analyses]))  # fmt: skip
        return items
    for analysis in analyses:
        change = analysis.change
        if by == "file":
            x, facts = features([(analysis, change.hunks)], ctx, "file")
            score, contrib = model.score("file", x)
            why = reasons(x, facts, contrib) + ([change.note] if change.note else [])
            if change.status == "R" and change.old_path != change.path:
                why.append(f"renamed from {change.old_path}")
            items.append(Item("file", change.path, score, why, facts["findings"], sha=sha, added=facts["added"],
                              deleted=facts["deleted"], features=x, subject=ctx.subject))  # fmt: skip
            continue
        for hunk in change.hunks:
            x, facts = features([(analysis, [hunk])], ctx, "hunk")
            score, contrib = model.score("hunk", x)
            items.append(Item("hunk", change.path, score, reasons(x, facts, contrib), facts["findings"], sha=sha,
                              start=hunk.start, end=hunk.end, added=hunk.new_len, deleted=hunk.old_len, features=x,
                              subject=ctx.subject, diff=_diff_lines(hunk)))  # fmt: skip
    return items


def review(
    path: str = ".",
    base: str | None = None,
    head: str | None = None,
    *,
    staged: bool = False,
    by: str | None = None,
    config: Config | None = None,
    history_limit: int = 3000,
    jobs: int | None = None,
    per_line: bool = False,
) -> ReviewResult:
    started = time.perf_counter()
    repo = gitdiff.open_repo(path)
    config = config or Config()
    analyzer = Analyzer(repo, config)
    model = scoring.load_model(per_line=per_line)
    ranking = "per-line" if per_line else "risk"
    notes: list[str] = []
    if base and ".." in base and not staged:
        spec = base if not head else f"{base.split('..')[0]}..{head}"
        by = by or "commit"
        commits, merges = gitdiff.commits_in_range(repo, spec)
        if merges:
            notes.append(f"{merges} merge commit{'s' if merges > 1 else ''} skipped (their changes are in the other commits)")
        tip = gitdiff.resolve(repo, spec.split("..", 1)[1] or "HEAD")
        history = signals.History(repo, tip, limit=max(history_limit, len(commits) + history_limit))
        per_commit: list[tuple[CommitInfo, list[FileChange]]] = []
        for commit in commits:
            per_commit.append((commit, gitdiff.diff(repo, commit.parent, commit.sha)))
        analyzer.prefetch([ch for _, changes in per_commit for ch in changes], jobs)
        history.before([c.sha for c, _ in per_commit], {c.sha: [ch.path for ch in changes] for c, changes in per_commit})
        items: list[Item] = []
        all_new: list[Finding] = []
        fixed: list[Finding] = []
        existing = 0
        if by == "file":
            left = gitdiff.resolve(repo, spec.split("..", 1)[0] or "HEAD")
            changes = gitdiff.diff(repo, left, tip)
            analyses = _analyse_all(analyzer, changes, history, tip, notes)
            ctx = build_context(analyses, None)
            ctx.ai = sorted({e for c, _ in per_commit for e in signals.ai_provenance(c.message, c.author, c.email)})
            items = make_items(analyses, ctx, "file", model, None, with_sha=False)
            all_new = [f for a in analyses for f in a.new]
            fixed = [f for a in analyses for f in a.fixed]
            existing = sum(len(a.existing) for a in analyses)
            files = len(changes)
        else:
            paths: set[str] = set()
            for commit, changes in per_commit:
                analyses = _analyse_all(analyzer, changes, history, commit.sha, notes)
                ctx = build_context(analyses, commit, history.author(commit.sha))
                for level in by.split("+"):  # "commit+hunk": both levels in one pass (evaluation)
                    items += make_items(analyses, ctx, level, model, commit, with_sha=True)
                all_new += [f for a in analyses for f in a.new]
                fixed += [f for a in analyses for f in a.fixed]
                existing += sum(len(a.existing) for a in analyses)
                paths.update(ch.path for ch in changes)
            files = len(paths)
        items.sort(key=lambda it: -it.score)
        return ReviewResult("range", spec.split("..")[0], tip, by, items, all_new, existing, fixed, _dedupe(notes),
                            analyzer.auditor.base_rules, repo.working_tree_dir, commits=len(commits), files=files,
                            elapsed=time.perf_counter() - started, ranking=ranking)  # fmt: skip
    by = by or "hunk"
    if by == "commit":
        raise ReviewError("--by commit needs a range A..B")
    if staged:
        base_sha = gitdiff.resolve(repo, base or "HEAD")
        head_sha = None
        changes = gitdiff.diff(repo, base_sha, None, staged=True)
        mode = "staged"
    else:
        head_sha = gitdiff.resolve(repo, head or "HEAD")
        base_sha = gitdiff.resolve(repo, base) if base else gitdiff.default_base(repo, head_sha)
        changes = gitdiff.diff(repo, base_sha, head_sha)
        mode = "diff"
    analyzer.prefetch(changes, jobs)
    history = signals.History(repo, base_sha, limit=history_limit)
    history.before(["<base>"], {"<base>": [c.path for c in changes]})
    analyses = _analyse_all(analyzer, changes, history, "<base>", notes)
    ctx = build_context(analyses, None, history.author("<base>"))
    if head_sha:
        commits, _ = gitdiff.commits_in_range(repo, f"{base_sha}..{head_sha}")
        ctx.ai = sorted({e for c in commits for e in signals.ai_provenance(c.message, c.author, c.email)})
    items = make_items(analyses, ctx, by, model, None, with_sha=False)
    items.sort(key=lambda it: -it.score)
    if not changes:
        notes.append("no changes between the two revisions")
    return ReviewResult(mode, base_sha, head_sha, by, items, [f for a in analyses for f in a.new],
                        sum(len(a.existing) for a in analyses), [f for a in analyses for f in a.fixed], _dedupe(notes),
                        analyzer.auditor.base_rules, repo.working_tree_dir, files=len(changes),
                        elapsed=time.perf_counter() - started, ranking=ranking)  # fmt: skip


def _analyse_all(analyzer: Analyzer, changes: list[FileChange], history: signals.History, key: str, notes: list[str]) -> list[FileAnalysis]:
    analyses = []
    for change in changes:
        analysis = analyzer.analyse(change)
        analysis.history = history.of(key, change.path)
        if change.note:
            notes.append(f"{change.path}: {change.note}")
        analyses.append(analysis)
    return analyses


def _dedupe(notes: list[str]) -> list[str]:
    return list(dict.fromkeys(notes))


def _lines(count: int) -> str:
    return f"{count} line" if count == 1 else f"{count} lines"
