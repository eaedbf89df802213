"""Audit one file: parse it once, run every enabled rule in one pass.

Python goes to libcst and one shared traversal that dispatches to the rules'
``visit_*``/``leave_*`` methods; the traversal walks dataclass fields directly
(skipping whitespace and punctuation) instead of libcst's visitor protocol,
which rebuilds every node and costs as much as the parse. Files libcst
rejects are reported (COR001) and re-parsed with tree-sitter so the rules that
have a tree-sitter form still run. JS/TS files go to tree-sitter only.
"""
from __future__ import annotations

import dataclasses
import re
import sys
from functools import lru_cache
from itertools import accumulate
from typing import Any, Callable, Iterable

import libcst as cst

from codeaudit.context import FileContext, PendingFinding, module_level_names
from codeaudit.finding import Finding, Span, assign_fingerprints
from codeaudit.results import Diagnostic, FileResult
from codeaudit.parsing import treesitter
from codeaudit.rule import PythonRule, Rule, TreeSitterRule
from codeaudit.source import SourceError, SourceFile
from codeaudit.suppress import Suppression, find_suppressions

SYNTAX_ERROR = "COR001"
BLANKET_SUPPRESSION = "COR002"
UNUSED_SUPPRESSION = "COR003"
SNIPPET_LINES = 3
#: CPython refuses more than 200 nested brackets ("too many nested parentheses");
#: libcst's native parser crashes the process on a few thousand, so check first.
MAX_BRACKET_DEPTH = 200
_NOT_BRACKETS = re.compile(r"[^()\[\]{}]+")
_BRACKET_STEP = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}


# -- which fields the walk descends into ------------------------------------
_SKIPPED_FIELD_PREFIXES = (
    "whitespace", "lpar", "rpar", "comma", "leading_lines", "lines_after_decorators",
    "trailing_whitespace", "header", "footer", "semicolon", "colon", "equal", "dot",
    "default_indent", "default_newline", "encoding", "has_trailing_newline", "indent",
)  # fmt: skip
#: Fields evaluated outside the scope their node opens (a loop's iterable is
#: evaluated once; decorators and class bases run in the enclosing scope).
_OUTER_FIELDS: dict[type, tuple[str, ...]] = {
    cst.For: ("iter",),
    cst.With: ("items",),
    cst.FunctionDef: ("decorators",),
    cst.ClassDef: ("decorators", "bases", "keywords"),
}
_SCOPE_TYPES = (
    cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.For, cst.While, cst.With, cst.Try,
    cst.TryStar, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp,
)  # fmt: skip


@lru_cache(maxsize=None)
def _child_fields(node_type: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(outer fields, inner fields) of a node type that may hold child nodes."""
    names = tuple(
        f.name for f in dataclasses.fields(node_type) if not f.name.startswith(_SKIPPED_FIELD_PREFIXES)
    )
    outer = _OUTER_FIELDS.get(node_type, ())
    return outer, tuple(name for name in names if name not in outer)


@lru_cache(maxsize=None)
def _is_node_type(value_type: type) -> bool:
    # isinstance() against the CSTNode ABC is slow; the answer per type never changes.
    return issubclass(value_type, cst.CSTNode)


class RuleSet:
    """The enabled rules of a run, indexed for dispatch."""

    def __init__(self, rules: Iterable[type[Rule]], all_rules: dict[str, type[Rule]]) -> None:
        self.rules = sorted(rules, key=lambda r: r.code)
        self.codes = frozenset(r.code for r in self.rules)
        self.by_code = all_rules
        self.python = [r for r in self.rules if issubclass(r, PythonRule)]
        self.treesitter = [r for r in self.rules if issubclass(r, TreeSitterRule)]
        self._dispatch = {r: _dispatch_names(r) for r in self.python}

    def meta(self, code: str) -> type[Rule] | None:
        return self.by_code.get(code) if code in self.codes else None

    def python_rules_for(self, data: bytes) -> list[type[PythonRule]]:
        """Rules whose cheap byte triggers occur in the file."""
        return [r for r in self.python if r.wanted(data)]

    def treesitter_rules_for(self, language: str, data: bytes) -> list[type[TreeSitterRule]]:
        return [r for r in self.treesitter if language in r.languages and r.query_for(language) and r.wanted(data)]

    def queries_for(self, language: str) -> tuple[str, ...]:
        """Every tree-sitter query of the language: compiled once, it serves each file's trigger-filtered rules."""
        cache = self.__dict__.setdefault("_queries", {})
        if language not in cache:
            cache[language] = tuple(r.query_for(language) for r in self.treesitter
                                    if language in r.languages and r.query_for(language))
        return cache[language]

    def dispatch(self, rule: type[PythonRule]) -> list[tuple[type, str]]:
        return self._dispatch[rule]


def _dispatch_names(rule: type[PythonRule]) -> list[tuple[type, str]]:
    """(libcst node type, method name) for each visit_X / leave_X of a rule."""
    result = []
    for name in dir(rule):
        prefix, _, node_name = name.partition("_")
        if prefix in ("visit", "leave") and node_name and hasattr(cst, node_name):
            result.append((getattr(cst, node_name), name))
    return result


def audit_source(
    path: str,
    data: bytes,
    language: str,
    ruleset: RuleSet,
    options: dict[str, dict[str, Any]] | None = None,
    root: str | None = None,
) -> FileResult:
    """Audit one file's bytes. Never raises for bad input; never runs the code."""
    result = FileResult(path)
    try:
        source = SourceFile.decode(path, data, language)
    except SourceError as exc:
        result.diagnostics.append(Diagnostic(path, "decode", f"{path} {exc}; not audited"))
        return result
    ctx = FileContext(source=source, options=options or {}, root=root)
    runner = _PythonAudit if language == "python" else _TreeSitterAudit
    runner(ctx, ruleset, result).run()
    _finish(ctx, ruleset, result)
    result.diagnostics.extend(Diagnostic(path, kind, f"{path}: {message}") for kind, message in ctx.notes)
    return result


class _Audit:
    def __init__(self, ctx: FileContext, ruleset: RuleSet, result: FileResult) -> None:
        self.ctx = ctx
        self.ruleset = ruleset
        self.result = result
        self.failed: set[str] = set()  # rule codes that raised in this file

    def guarded(self, rule: Rule, call: Callable[..., Any], *args: Any) -> None:
        """Run a rule callback; a rule that raises is disabled for this file."""
        if rule.code in self.failed:
            return
        try:
            call(*args)
        except RecursionError:
            self.failed.add(rule.code)
            self.note("internal-error", f"rule {rule.code} gave up: code nested too deeply")
        except Exception as exc:  # noqa: BLE001 - a rule bug must not end the run
            self.failed.add(rule.code)
            self.note("internal-error", f"rule {rule.code} failed: {type(exc).__name__}: {exc}")

    def note(self, kind: str, message: str) -> None:
        self.result.diagnostics.append(Diagnostic(self.ctx.path, kind, f"{self.ctx.path}: {message}"))

    def syntax_error(self, line: int, col: int, message: str) -> None:
        meta = self.ruleset.meta(SYNTAX_ERROR)
        if meta is not None:
            self.result.findings.append(
                _make_finding(self.ctx.source, meta, Span(line, col, line, col), message, {}, "engine")
            )

    def run_treesitter(self, language: str, rules: list[Any], root: Any) -> None:
        """One combined query for all the given (rule, query, check) triples."""
        if not rules:
            return
        query = treesitter.routed_query(language, tuple(q for _, q, _ in rules), self.ruleset.queries_for(language))
        for owners, captures in query.matches(root):
            for owner in owners:
                rule, _, check = rules[owner]
                self.guarded(rule, check, captures)


def bracket_depth(text: str) -> int:
    """Deepest bracket nesting (brackets inside strings count too: an upper bound)."""
    brackets = _NOT_BRACKETS.sub("", text)
    return max(accumulate(map(_BRACKET_STEP.__getitem__, brackets)), default=0)


class _PythonAudit(_Audit):
    def run(self) -> None:
        ctx = self.ctx
        rule_types = self.ruleset.python_rules_for(ctx.source.data)
        if bracket_depth(ctx.source.text) > MAX_BRACKET_DEPTH:
            self.syntax_error(1, 1, f"syntax error: more than {MAX_BRACKET_DEPTH} nested brackets (Python's limit)")
            self.run_fallback(rule_types)
            return
        try:
            module = cst.parse_module(ctx.source.text)
        except cst.ParserSyntaxError as exc:
            self.syntax_error(exc.raw_line, exc.raw_column + 1, f"syntax error: {exc.message}")
            self.run_fallback(rule_types)
            return
        except (RecursionError, MemoryError, ValueError) as exc:
            self.note("parse", f"libcst could not parse the file ({type(exc).__name__}); audited with tree-sitter")
            self.run_fallback(rule_types)
            return
        ctx.module = module
        ctx.module_names = module_level_names(module)
        instances = [rule(ctx) for rule in rule_types]
        self.visits, self.leaves = self._dispatch_table(instances)
        try:
            self.walk(module)
        except RecursionError:
            self.note("too-deep", "nesting too deep to finish the traversal; findings may be incomplete")
        for rule in instances:
            self.guarded(rule, rule.end_of_file)
        self.run_python_treesitter()

    def _dispatch_table(self, instances: list[PythonRule]):
        visits: dict[type, list] = {}
        leaves: dict[type, list] = {}
        for rule in instances:
            for node_type, name in self.ruleset.dispatch(type(rule)):
                table = visits if name.startswith("visit_") else leaves
                table.setdefault(node_type, []).append((rule, getattr(rule, name)))
        return visits, leaves

    def walk(self, node: Any) -> None:
        node_type = type(node)
        ctx = self.ctx
        for rule, method in self.visits.get(node_type, ()):
            self.guarded(rule, method, node)
        if node_type is cst.Import or node_type is cst.ImportFrom:
            ctx.add_import(node)
        outer, inner = _child_fields(node_type)
        ctx.parents.append(node)
        for name in outer:
            self._walk_value(getattr(node, name))
        is_scope = node_type in _SCOPE_SET
        if is_scope:
            ctx.scopes.append(node)
        for name in inner:
            self._walk_value(getattr(node, name))
        if is_scope:
            ctx.scopes.pop()
        ctx.parents.pop()
        for rule, method in self.leaves.get(node_type, ()):
            self.guarded(rule, method, node)

    def _walk_value(self, value: Any) -> None:
        value_type = type(value)
        if value_type is tuple or value_type is list:
            for item in value:
                if _is_node_type(type(item)):
                    self.walk(item)
        elif _is_node_type(value_type):
            self.walk(value)

    def run_python_treesitter(self) -> None:
        """Rules written as tree-sitter queries also run on healthy Python files."""
        rules = self.ruleset.treesitter_rules_for("python", self.ctx.source.data)
        if rules:
            tree = treesitter.parse("python", self.ctx.source.data)
            self.run_treesitter("python", _query_triples(rules, self.ctx, "python"), tree.root_node)

    def run_fallback(self, rule_types: list[type[PythonRule]]) -> None:
        """Degraded mode: tree-sitter forms of the rules on a file libcst rejects."""
        self.ctx.parser = "tree-sitter"
        tree = treesitter.parse("python", self.ctx.source.data)
        triples = _query_triples(self.ruleset.treesitter_rules_for("python", self.ctx.source.data), self.ctx, "python")
        for rule_type in rule_types:
            query = getattr(rule_type, "fallback_query", "")
            if query:
                rule = rule_type(self.ctx)
                triples.append((rule, query, rule.fallback_check))
        self.run_treesitter("python", triples, tree.root_node)


_SCOPE_SET = frozenset(_SCOPE_TYPES)


class _TreeSitterAudit(_Audit):
    def run(self) -> None:
        ctx = self.ctx
        ctx.parser = "tree-sitter"
        language = ctx.source.language
        tree = treesitter.parse(language, ctx.source.data)
        ctx.tree = tree
        error = treesitter.first_error(tree.root_node)
        if error is not None:
            row, col = error.start_point
            what = "missing " + error.type if error.is_missing else "unexpected code"
            self.syntax_error(row + 1, col + 1, f"syntax error: {what}")
        rules = self.ruleset.treesitter_rules_for(language, ctx.source.data)
        triples = _query_triples(rules, ctx, language)
        self.run_treesitter(language, triples, tree.root_node)
        for rule, _, _ in triples:
            self.guarded(rule, rule.end_of_file)


def _query_triples(rules: list[type[TreeSitterRule]], ctx: FileContext, language: str) -> list[Any]:
    triples = []
    for rule_type in rules:
        rule = rule_type(ctx)
        triples.append((rule, rule_type.query_for(language), rule.check))
    return triples


# -- from pending reports to findings -----------------------------------------
def _finish(ctx: FileContext, ruleset: RuleSet, result: FileResult) -> None:
    spans = _resolve_spans(ctx, ctx.pending)
    for pending in ctx.pending:
        span = spans.get(id(pending.node))
        if span is None:
            continue
        result.findings.append(
            _make_finding(ctx.source, type(pending.rule), span, pending.message, pending.overrides, ctx.parser)
        )
    _apply_suppressions(ctx.source, ruleset, result)
    result.findings.sort(key=Finding.sort_key)
    assign_fingerprints(result.findings, ctx.imports)


def _resolve_spans(ctx: FileContext, pending: list[PendingFinding]) -> dict[int, Span]:
    spans: dict[int, Span] = {}
    cst_pending = [p for p in pending if isinstance(p.node, cst.CSTNode)]
    if cst_pending and ctx.module is not None:
        from codeaudit.parsing.positions import node_spans

        ancestry = {id(p.node): p.ancestors for p in cst_pending if p.ancestors}
        try:
            for node, span in node_spans(ctx.module, [p.node for p in cst_pending], ancestry, ctx.source.text).items():
                spans[id(node)] = span
        except RecursionError:
            pass
    for p in pending:
        if isinstance(p.node, Span):
            spans[id(p.node)] = p.node
        elif hasattr(p.node, "start_point"):  # a tree-sitter node
            spans[id(p.node)] = _ts_span(ctx.source, p.node)
    return spans


def _ts_span(source: SourceFile, node: Any) -> Span:
    """tree-sitter points are (row, byte column); findings use character columns."""

    def char_col(row: int, byte_col: int) -> int:
        line = source.line(row + 1)
        return len(line.encode("utf-8")[:byte_col].decode("utf-8", "replace")) + 1

    (srow, scol), (erow, ecol) = node.start_point, node.end_point
    return Span(srow + 1, char_col(srow, scol), erow + 1, char_col(erow, ecol))


def _make_finding(
    source: SourceFile, rule: type[Rule], span: Span, message: str, overrides: dict[str, Any], parser: str
) -> Finding:
    end = min(span.end_line, span.start_line + SNIPPET_LINES - 1)
    finding = Finding(
        code=rule.code,
        slug=rule.slug,
        category=rule.category,
        severity=overrides.get("severity", rule.severity),
        confidence=overrides.get("confidence", rule.confidence),
        cwe=tuple(rule.cwe),
        path=source.path,
        span=span,
        message=message,
        snippet=source.snippet(span.start_line, end),
        fix=overrides.get("fix"),
        parser=parser,
    )
    finding.anchor = _span_text(source, span)
    return finding


ANCHOR_CHARS = 400


def _span_text(source: SourceFile, span: Span) -> str:
    """The text a span covers (capped), for fingerprints that survive reformatting."""
    lines = source.lines[span.start_line - 1 : span.end_line]
    if not lines:
        return ""
    if len(lines) == 1:
        return lines[0][span.start_col - 1 : span.end_col - 1][:ANCHOR_CHARS]
    text = "\n".join([lines[0][span.start_col - 1 :], *lines[1:-1], lines[-1][: span.end_col - 1]])
    return text[:ANCHOR_CHARS]


def _apply_suppressions(source: SourceFile, ruleset: RuleSet, result: FileResult) -> None:
    suppressions = find_suppressions(source.text, source.language)
    if not suppressions:
        return
    by_line: dict[int, list[Suppression]] = {}
    for suppression in suppressions:
        by_line.setdefault(suppression.target, []).append(suppression)
    kept = []
    for finding in result.findings:
        match = next(
            (s for s in by_line.get(finding.line, ()) if s.matches(finding.code, finding.slug)), None
        )
        if match is None:
            kept.append(finding)
        else:
            match.used.update((finding.code, finding.slug))
    result.findings = kept
    result.findings.extend(_suppression_findings(source, ruleset, suppressions))


def _suppression_findings(source: SourceFile, ruleset: RuleSet, suppressions: list[Suppression]) -> list[Finding]:
    findings = []
    blanket, unused = ruleset.meta(BLANKET_SUPPRESSION), ruleset.meta(UNUSED_SUPPRESSION)
    for s in suppressions:
        span = Span(s.line, s.col, s.line, s.col)
        if not s.codes:
            if blanket is not None:
                message = "suppression without a rule code silences everything on the line; name the codes"
                findings.append(_make_finding(source, blanket, span, message, {}, "engine"))
            continue
        idle = [c for c in s.codes if c not in s.used and _is_enabled(ruleset, c)]
        if idle and unused is not None:
            message = f"unused suppression: no {', '.join(idle)} finding on line {s.target}"
            findings.append(_make_finding(source, unused, span, message, {}, "engine"))
    return findings


def _is_enabled(ruleset: RuleSet, code_or_slug: str) -> bool:
    return code_or_slug in ruleset.codes or any(r.slug == code_or_slug for r in ruleset.rules)


def python_recursion_headroom() -> None:
    """Deep but legal code (long operator chains) needs more than the default 1000 frames."""
    if sys.getrecursionlimit() < 10_000:
        sys.setrecursionlimit(10_000)
