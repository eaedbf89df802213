"""Line/column positions for just the libcst nodes that were reported.

libcst's PositionProvider updates a line/column pair for every token of the
file, which costs about twice the parse itself. Findings are rare, so instead
we run plain code generation once, remember the *token index* where each
node's syntactic range starts and ends (a cheap ``len(tokens)``), and convert
only the reported nodes' indices to lines and columns afterwards.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

import libcst as cst
from libcst._nodes.internal import CodegenState

from codeaudit.finding import Span


@dataclass
class _TokenSpanState(CodegenState):
    wanted: set[int] = field(default_factory=set)
    spans: dict[Any, tuple[int, int]] = field(default_factory=dict)
    # Whole-node ranges (whitespace included) of wanted nodes, for node types
    # whose code generation records no syntactic position.
    _starts: dict[int, int] = field(default_factory=dict)

    def before_codegen(self, node: Any) -> None:
        if id(node) in self.wanted:
            self._starts[id(node)] = len(self.tokens)

    def after_codegen(self, node: Any) -> None:
        if id(node) in self.wanted and node not in self.spans:
            self.spans[node] = (self._starts[id(node)], len(self.tokens))

    @contextmanager
    def record_syntactic_position(
        self, node: Any, *, start_node: Any = None, end_node: Any = None
    ) -> Iterator[None]:
        start = len(self.tokens)
        try:
            yield
        finally:
            spans = self.spans
            begin = spans[start_node][0] if start_node in spans else start
            end = spans[end_node][1] if end_node in spans else len(self.tokens)
            spans[node] = (begin, end)


def node_spans(
    module: cst.Module, nodes: Iterable[Any], ancestry: dict[int, list[Any]] | None = None, text: str = ""
) -> dict[Any, Span]:
    """Syntactic span (1-based lines and columns) of each given node.

    ``ancestry`` maps id(node) -> its ancestors (module first), when known.
    Such a node is located through the innermost enclosing statement whose
    generated text occurs exactly once in the file (libcst round-trips source
    exactly): only that statement is generated, not the whole module. Nodes
    without ancestry, or whose statements are all ambiguous, fall back to
    generating the whole module.
    """
    ancestry = ancestry or {}
    result: dict[Any, Span] = {}
    rest = []
    for node in nodes:
        if node in result:
            continue
        chain = statement_chain(module, ancestry.get(id(node)), node) if text else []
        located = _locate_in_statements(module, chain, node, text)
        if located is None:
            rest.append(node)
        else:
            result[node] = located
    if rest:
        result.update(_spans_by_codegen(module, module, rest, base=(1, 1)))
    return result


#: How many enclosing statements to try, innermost first, before generating the module.
MAX_ATTEMPTS = 4


def statement_chain(module: cst.Module, parents: list[Any] | None, node: Any) -> list[tuple[Any, list[str]]]:
    """(statement, indentation) for each enclosing statement that sits directly in a body, innermost first."""
    if not parents:
        return []
    chain, indents = [], []
    path = [*parents, node]
    for parent, child in zip(path, path[1:]):
        if isinstance(parent, cst.IndentedBlock):
            indents = [*indents, module.default_indent if parent.indent is None else parent.indent]
        if isinstance(parent, (cst.Module, cst.IndentedBlock)) and isinstance(child, cst.BaseStatement):
            chain.append((child, indents))
    return chain[::-1]


def _locate_in_statements(module: cst.Module, chain: list[tuple[Any, list[str]]], node: Any, text: str) -> Span | None:
    for statement, indents in chain[:MAX_ATTEMPTS]:
        state = _TokenSpanState(
            default_indent=module.default_indent, default_newline=module.default_newline, wanted={id(node)}
        )
        state.indent_tokens = list(indents)
        statement._codegen(state)
        code = "".join(state.tokens)
        offset = text.find(code)
        if not code or offset < 0 or (offset and text[offset - 1] != "\n") or text.find(code, offset + 1) >= 0:
            continue  # not found, or found twice: try the next statement out
        located = _convert(state, [node], base=(text.count("\n", 0, offset) + 1, 1))
        if node in located:
            return located[node]
    return None


def _spans_by_codegen(module: cst.Module, root: Any, nodes: list[Any], base: tuple[int, int]) -> dict[Any, Span]:
    state = _TokenSpanState(
        default_indent=module.default_indent, default_newline=module.default_newline, wanted=set(map(id, nodes))
    )
    root._codegen(state)
    return _convert(state, nodes, base)


def _convert(state: _TokenSpanState, nodes: list[Any], base: tuple[int, int]) -> dict[Any, Span]:
    wanted = set(map(id, nodes))
    token_spans = {node: span for node, span in state.spans.items() if id(node) in wanted}
    indices = sorted({i for span in token_spans.values() for i in span})
    positions = _positions_at(state.tokens, indices, base)
    return {node: Span(*positions[start], *positions[end]) for node, (start, end) in token_spans.items()}


def _positions_at(tokens: list[str], indices: list[int], base: tuple[int, int]) -> dict[int, tuple[int, int]]:
    """(line, 1-based column) at each token index, scanning the tokens once."""
    result: dict[int, tuple[int, int]] = {}
    (line, col), cursor = base, 0
    for index in indices:
        chunk = "".join(tokens[cursor:index])
        newlines = chunk.count("\n")
        if newlines:
            line += newlines
            col = len(chunk) - chunk.rfind("\n")
        else:
            col += len(chunk)
        cursor = index
        result[index] = (line, col)
    return result
