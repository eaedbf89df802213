#!/usr/bin/env python3
"""Score static-analysis results against the labelled benchmark corpus.

Labels are trailing comments in corpus files::

    cur.execute(f"... {name}")  # label: security/sql-injection
    resp = requests.get(url)    # label: security/ssrf; security/no-timeout

(``//`` instead of ``#`` for JS/TS.)  Each RESULT is ``NAME=PATH`` where PATH
is a SARIF 2.1.0 file or a text file of ``path:line:code`` /
``path:line:col: CODE message`` lines.

Usage::

    python bench/score.py --corpus bench/corpus/python --category security \\
        codeaudit=out/codeaudit.sarif bandit=out/bandit.sarif \\
        --tool-category bandit=security
    python bench/score.py --self-test
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

CATEGORIES = ("security", "concurrency", "efficiency", "abstraction", "correctness", "ai-tell")
RULE_PREFIXES = {
    "SEC": "security",
    "CON": "concurrency",
    "EFF": "efficiency",
    "ABS": "abstraction",
    "COR": "correctness",
    "AIT": "ai-tell",
}
SOURCE_SUFFIXES = {".py", ".pyi", ".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs"}

# `# label: ...`, `// label: ...`, and in JSX markup `{/* label: ... */}`.
LABEL_RE = re.compile(r"(?:#|//|\{?/\*)\s*label:\s*(?P<body>[^#*]*?)\s*(?:\*/\}?)?\s*$")
LABEL_ITEM_RE = re.compile(r"^(?P<cat>[a-z][a-z-]*)/(?P<kind>[A-Za-z0-9_.-]+)$")
TEXT_RE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?:(?P<col>\d+):)?\s*(?P<code>[A-Za-z][A-Za-z0-9_-]*)?"
)


# --------------------------------------------------------------------------- labels


@dataclass
class Corpus:
    root: Path
    files: list[str]  # posix paths relative to root
    # rel path -> line -> {category: {kinds}}
    labels: dict[str, dict[int, dict[str, set[str]]]] = field(default_factory=dict)

    def labelled_lines(self, category: str) -> set[tuple[str, int]]:
        out = set()
        for rel, lines in self.labels.items():
            for ln, cats in lines.items():
                if category in cats:
                    out.add((rel, ln))
        return out

    def kinds(self, category: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for lines in self.labels.values():
            for cats in lines.values():
                for kind in cats.get(category, ()):
                    counts[kind] = counts.get(kind, 0) + 1
        return counts


def parse_labels_in_text(text: str) -> dict[int, dict[str, set[str]]]:
    out: dict[int, dict[str, set[str]]] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        if "label:" not in line:
            continue
        m = LABEL_RE.search(line)
        if not m:
            continue
        for item in m.group("body").split(";"):
            item = item.strip()
            if not item:
                continue
            im = LABEL_ITEM_RE.match(item)
            if not im:
                raise ValueError(f"line {lineno}: malformed label item {item!r}")
            cat = im.group("cat")
            if cat not in CATEGORIES:
                raise ValueError(f"line {lineno}: unknown label category {cat!r}")
            out.setdefault(lineno, {}).setdefault(cat, set()).add(im.group("kind"))
    return out


def load_corpus(root: Path) -> Corpus:
    root = root.resolve()
    files: list[str] = []
    corpus = Corpus(root=root, files=files)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        for fn in sorted(filenames):
            p = Path(dirpath) / fn
            if p.suffix not in SOURCE_SUFFIXES:
                continue
            rel = p.relative_to(root).as_posix()
            files.append(rel)
            try:
                labels = parse_labels_in_text(p.read_text(encoding="utf-8", errors="replace"))
            except ValueError as exc:
                raise SystemExit(f"{rel}: {exc}") from None
            if labels:
                corpus.labels[rel] = labels
    return corpus


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Finding:
    path: str  # as reported by the tool
    start: int
    end: int
    rule: str
    category: str | None  # None = unknown


def _category_from_rule(rule_id: str, tags: list[str] | None) -> str | None:
    for tag in tags or ():
        t = str(tag).strip().lower()
        if t in CATEGORIES:
            return t
    rid = rule_id.rsplit("/", 1)[-1].rsplit(".", 1)[-1].upper()
    for prefix, cat in RULE_PREFIXES.items():
        if rid.startswith(prefix):
            return cat
    return None


def _uri_to_path(uri: str, base_ids: dict[str, str], base_id: str | None) -> str:
    if uri.startswith("file:"):
        uri = urlparse(uri).path
    uri = unquote(uri)
    if base_id and base_id in base_ids and not uri.startswith("/"):
        uri = base_ids[base_id].rstrip("/") + "/" + uri
    return uri


def parse_sarif(data: dict) -> list[Finding]:
    findings: list[Finding] = []
    for run in data.get("runs", []) or []:
        tool = run.get("tool", {}) or {}
        rules: list[dict] = list((tool.get("driver", {}) or {}).get("rules", []) or [])
        by_id = {r.get("id"): r for r in rules if isinstance(r, dict)}
        base_ids = {}
        for k, v in (run.get("originalUriBaseIds") or {}).items():
            u = (v or {}).get("uri", "")
            base_ids[k] = _uri_to_path(u, {}, None) if u else ""
        for res in run.get("results", []) or []:
            rule_id = res.get("ruleId") or (res.get("rule") or {}).get("id") or ""
            rule = None
            idx = res.get("ruleIndex")
            if isinstance(idx, int) and 0 <= idx < len(rules):
                rule = rules[idx]
            if rule is None:
                rule = by_id.get(rule_id)
            tags = ((rule or {}).get("properties") or {}).get("tags")
            tags = list(tags or []) + list((res.get("properties") or {}).get("tags") or [])
            cat = _category_from_rule(rule_id, tags)
            for loc in res.get("locations", []) or []:
                phys = loc.get("physicalLocation") or {}
                art = phys.get("artifactLocation") or {}
                uri = art.get("uri")
                if not uri:
                    continue
                region = phys.get("region") or {}
                start = region.get("startLine")
                if not isinstance(start, int):
                    continue
                end = region.get("endLine")
                if not isinstance(end, int) or end < start:
                    end = start
                findings.append(
                    Finding(_uri_to_path(uri, base_ids, art.get("uriBaseId")), start, end, rule_id, cat)
                )
    return findings


def parse_text(text: str) -> list[Finding]:
    findings = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        m = TEXT_RE.match(line)
        if not m:
            continue
        code = m.group("code") or ""
        ln = int(m.group("line"))
        findings.append(Finding(m.group("path"), ln, ln, code, _category_from_rule(code, None)))
    return findings


def load_result(path: Path) -> list[Finding]:
    text = path.read_text(encoding="utf-8", errors="replace")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict) and "runs" in data:
            return parse_sarif(data)
    return parse_text(text)


# --------------------------------------------------------------------------- matching


class PathResolver:
    """Map tool-reported paths onto corpus-relative paths by path-suffix matching."""

    def __init__(self, corpus: Corpus, cwd: Path | None = None):
        self.files = corpus.files
        self.root = corpus.root
        self.cwd = cwd or Path.cwd()
        self.by_parts = [(rel, PurePosixPath(rel).parts) for rel in self.files]
        self.cache: dict[str, str | None] = {}

    def resolve(self, reported: str) -> str | None:
        if reported in self.cache:
            return self.cache[reported]
        out = self._resolve(reported)
        self.cache[reported] = out
        return out

    def _resolve(self, reported: str) -> str | None:
        p = reported.replace("\\", "/")
        # Exact: absolute (or cwd-relative) path inside the corpus root.
        try:
            cand = Path(p) if p.startswith("/") else (self.cwd / p)
            rel = cand.resolve().relative_to(self.root).as_posix()
            if rel in self.files:
                return rel
        except (ValueError, OSError):
            pass
        parts = tuple(x for x in PurePosixPath(p).parts if x not in (".", "/"))
        if not parts:
            return None
        # Corpus path is a suffix of the reported path: longest wins.
        best, best_len = None, 0
        for rel, rparts in self.by_parts:
            n = len(rparts)
            if n <= len(parts) and parts[-n:] == rparts and n > best_len:
                best, best_len = rel, n
        if best:
            return best
        # Reported path is a (shorter) suffix of exactly one corpus path.
        hits = [rel for rel, rparts in self.by_parts if len(parts) < len(rparts) and rparts[-len(parts):] == parts]
        return hits[0] if len(hits) == 1 else None


@dataclass
class Score:
    tool: str
    category: str
    tp: list[tuple[str, int]]
    fp: list[tuple[str, int, str]]
    fn: list[tuple[str, int]]
    unresolved: int

    @property
    def precision(self) -> float | None:
        d = len(self.tp) + len(self.fp)
        return len(self.tp) / d if d else None

    @property
    def recall(self) -> float | None:
        d = len(self.tp) + len(self.fn)
        return len(self.tp) / d if d else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    def as_dict(self, show_misses: bool) -> dict:
        d = {
            "tool": self.tool,
            "category": self.category,
            "tp": len(self.tp),
            "fp": len(self.fp),
            "fn": len(self.fn),
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "unresolved_findings": self.unresolved,
        }
        if show_misses:
            d["fn_lines"] = [f"{f}:{ln}" for f, ln in self.fn]
            d["fp_lines"] = [f"{f}:{ln} {rule}" for f, ln, rule in self.fp]
        return d


def score_tool(
    tool: str,
    findings: list[Finding],
    corpus: Corpus,
    category: str,
    forced_category: str | None,
    resolver: PathResolver,
    start_line_only: bool = False,
) -> Score:
    labelled = corpus.labelled_lines(category)
    hit: set[tuple[str, int]] = set()
    fp: dict[tuple[str, int], str] = {}
    unresolved = 0
    for f in findings:
        cat = forced_category or f.category
        if cat != category:
            continue
        rel = resolver.resolve(f.path)
        if rel is None:
            unresolved += 1
            continue
        end = f.start if start_line_only else max(f.start, f.end)
        covered = [(rel, ln) for ln in range(f.start, end + 1) if (rel, ln) in labelled]
        if covered:
            hit.update(covered)
        else:
            fp.setdefault((rel, f.start), f.rule)
    # A finding that starts on a labelled line which another finding already hit
    # is never an FP (it matched); an FP line that is itself labelled cannot occur.
    tp = sorted(hit)
    fn = sorted(labelled - hit)
    fps = sorted((r, ln, rule) for (r, ln), rule in fp.items())
    return Score(tool, category, tp, fps, fn, unresolved)


# --------------------------------------------------------------------------- output


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def render_markdown(scores: list[Score], corpus: Corpus, show_misses: bool) -> str:
    out = []
    cats = []
    for s in scores:
        if s.category not in cats:
            cats.append(s.category)
    for cat in cats:
        n = len(corpus.labelled_lines(cat))
        out.append(f"### {cat} ({n} labelled lines)\n")
        out.append("| tool | TP | FP | FN | precision | recall | F1 |")
        out.append("|---|---:|---:|---:|---:|---:|---:|")
        for s in scores:
            if s.category != cat:
                continue
            out.append(
                f"| {s.tool} | {len(s.tp)} | {len(s.fp)} | {len(s.fn)} | "
                f"{_fmt(s.precision)} | {_fmt(s.recall)} | {_fmt(s.f1)} |"
            )
        out.append("")
        for s in scores:
            if s.category != cat:
                continue
            if s.unresolved:
                out.append(f"_{s.tool}: {s.unresolved} finding(s) in files outside the corpus were ignored._\n")
            if show_misses:
                out.append(f"#### {s.tool} / {cat}: misses\n")
                out.append("False negatives (labelled, not found):")
                for f, ln in s.fn:
                    kinds = ",".join(sorted(corpus.labels[f][ln][cat]))
                    out.append(f"- FN {f}:{ln} [{kinds}]")
                out.append("\nFalse positives (found, not labelled):")
                for f, ln, rule in s.fp:
                    out.append(f"- FP {f}:{ln} {rule}")
                out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------- self-test


def self_test() -> int:
    with tempfile.TemporaryDirectory() as td:
        root = Path(td) / "corpus"
        (root / "security").mkdir(parents=True)
        (root / "concurrency").mkdir(parents=True)
        (root / "security" / "app.py").write_text(
            "import os\n"  # 1
            "def f(x):\n"  # 2
            "    os.system('ls ' + x)  # label: security/shell-injection\n"  # 3
            "    y = 1\n"  # 4
            "    eval(x)  # label: security/eval; correctness/oops\n"  # 5
            "    return (\n"  # 6
            "        x)\n"  # 7
            "requests.get(u)  # label: security/ssrf; security/no-timeout\n",  # 8
            encoding="utf-8",
        )
        (root / "concurrency" / "job.py").write_text(
            "async def main():\n"
            "    time.sleep(1)  # label: concurrency/blocking-sleep\n"
            "    return 1\n",
            encoding="utf-8",
        )
        corpus = load_corpus(root)
        assert corpus.labelled_lines("security") == {
            ("security/app.py", 3), ("security/app.py", 5), ("security/app.py", 8)
        }, corpus.labelled_lines("security")
        assert corpus.labelled_lines("correctness") == {("security/app.py", 5)}
        assert corpus.kinds("security") == {"shell-injection": 1, "eval": 1, "ssrf": 1, "no-timeout": 1}
        try:
            parse_labels_in_text("x = 1  # label: bogus/kind\n")
        except ValueError:
            pass
        else:
            raise AssertionError("unknown category accepted")

        abs_app = (root / "security" / "app.py").as_posix()
        sarif = {
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "codeaudit", "rules": [
                    {"id": "X1", "properties": {"tags": ["security", "cwe-78"]}},
                    {"id": "CON001"},
                ]}},
                "results": [
                    # TP via tag (by ruleIndex), absolute file URI
                    {"ruleId": "X1", "ruleIndex": 0, "locations": [{"physicalLocation": {
                        "artifactLocation": {"uri": "file://" + abs_app},
                        "region": {"startLine": 3}}}]},
                    # duplicate on the same line: not an FP
                    {"ruleId": "SEC002", "locations": [{"physicalLocation": {
                        "artifactLocation": {"uri": "some/other/root/security/app.py"},
                        "region": {"startLine": 3, "startColumn": 5}}}]},
                    # FP: line 4 not labelled (prefix-derived category)
                    {"ruleId": "SEC003", "locations": [{"physicalLocation": {
                        "artifactLocation": {"uri": "security/app.py"},
                        "region": {"startLine": 4}}}]},
                    # multi-line region 6..8 spans the labelled line 8 -> TP
                    {"ruleId": "SEC004", "locations": [{"physicalLocation": {
                        "artifactLocation": {"uri": "app.py"},
                        "region": {"startLine": 6, "endLine": 8}}}]},
                    # concurrency finding: ignored for security, TP for concurrency
                    {"ruleId": "CON001", "ruleIndex": 1, "locations": [{"physicalLocation": {
                        "artifactLocation": {"uri": "bench/corpus/python/concurrency/job.py"},
                        "region": {"startLine": 2}}}]},
                    # outside the corpus: unresolved, ignored
                    {"ruleId": "SEC001", "locations": [{"physicalLocation": {
                        "artifactLocation": {"uri": "elsewhere/unknown.py"},
                        "region": {"startLine": 1}}}]},
                ],
            }],
        }
        sp = Path(td) / "ca.sarif"
        sp.write_text(json.dumps(sarif), encoding="utf-8")
        findings = load_result(sp)
        assert len(findings) == 6, findings
        resolver = PathResolver(corpus, cwd=Path(td))
        s = score_tool("ca", findings, corpus, "security", None, resolver)
        assert [x[1] for x in s.tp] == [3, 8], s.tp
        assert [(x[0], x[1]) for x in s.fp] == [("security/app.py", 4)], s.fp
        assert s.fn == [("security/app.py", 5)], s.fn
        assert s.unresolved == 1
        assert abs(s.precision - 2 / 3) < 1e-9 and abs(s.recall - 2 / 3) < 1e-9
        assert abs(s.f1 - 2 / 3) < 1e-9
        s_start = score_tool("ca", findings, corpus, "security", None, resolver, start_line_only=True)
        assert [x[1] for x in s_start.tp] == [3] and len(s_start.fp) == 2, (s_start.tp, s_start.fp)
        c = score_tool("ca", findings, corpus, "concurrency", None, resolver)
        assert len(c.tp) == 1 and not c.fp and not c.fn

        # text formats, forced category
        tp = Path(td) / "f8.txt"
        tp.write_text(
            f"{root}/concurrency/job.py:2:5: ASYNC251 time.sleep() in async function\n"
            "concurrency/job.py:3:ASYNC999\n"
            "garbage line\n",
            encoding="utf-8",
        )
        tf = load_result(tp)
        assert [(f.start, f.rule) for f in tf] == [(2, "ASYNC251"), (3, "ASYNC999")], tf
        none = score_tool("f8", tf, corpus, "concurrency", None, resolver)
        assert not none.tp and not none.fp, "unmapped codes must not count without --tool-category"
        forced = score_tool("f8", tf, corpus, "concurrency", "concurrency", resolver)
        assert len(forced.tp) == 1 and [x[1] for x in forced.fp] == [3] and not forced.fn
        assert forced.precision == 0.5 and forced.recall == 1.0

        md = render_markdown([s, forced], corpus, show_misses=True)
        assert "| ca | 2 | 1 | 1 | 0.67 | 0.67 | 0.67 |" in md, md
        assert "FN security/app.py:5 [eval]" in md, md
    print("self-test OK")
    return 0


# --------------------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parent / "corpus" / "python")
    ap.add_argument("--category", action="append", choices=CATEGORIES,
                    help="category to score (repeatable; default: every labelled category)")
    ap.add_argument("--tool-category", action="append", default=[], metavar="NAME=CATEGORY",
                    help="count all findings of tool NAME for CATEGORY (e.g. bandit=security)")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    ap.add_argument("--show-misses", action="store_true", help="list FN and FP lines")
    ap.add_argument("--start-line-only", action="store_true",
                    help="match only on a finding's start line, not its whole region")
    ap.add_argument("--self-test", action="store_true", help="run built-in checks and exit")
    ap.add_argument("results", nargs="*", metavar="NAME=PATH")
    args = ap.parse_args(argv)

    if args.self_test:
        return self_test()
    if not args.results:
        ap.error("at least one NAME=PATH result is required")

    forced: dict[str, str] = {}
    for item in args.tool_category:
        name, sep, cat = item.partition("=")
        if not sep or cat not in CATEGORIES:
            ap.error(f"bad --tool-category {item!r}")
        forced[name] = cat

    corpus = load_corpus(args.corpus)
    resolver = PathResolver(corpus)
    categories = args.category or [c for c in CATEGORIES if corpus.labelled_lines(c)]

    tools: list[tuple[str, list[Finding]]] = []
    for item in args.results:
        name, sep, path = item.partition("=")
        if not sep:
            name, path = Path(item).stem, item
        p = Path(path)
        if not p.is_file():
            print(f"error: result file not found: {p}", file=sys.stderr)
            return 2
        tools.append((name, load_result(p)))

    scores = []
    for cat in categories:
        for name, findings in tools:
            fc = forced.get(name)
            if fc is not None and fc != cat:
                continue
            scores.append(score_tool(name, findings, corpus, cat, fc, resolver, args.start_line_only))

    if args.json:
        payload = {
            "corpus": str(corpus.root),
            "labelled": {c: len(corpus.labelled_lines(c)) for c in categories},
            "scores": [s.as_dict(args.show_misses) for s in scores],
        }
        print(json.dumps(payload, indent=2))
    else:
        print(render_markdown(scores, corpus, args.show_misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
