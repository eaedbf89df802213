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


def node_spans(module: cst.Module, nodes: Iterable[Any]) -> dict[Any, Span]:
    """Syntactic span (1-based lines and columns) of each given node."""
    wanted = set(map(id, nodes))
    if not wanted:
        return {}
    state = _TokenSpanState(
        default_indent=module.default_indent, default_newline=module.default_newline, wanted=wanted
    )
    module._codegen(state)
    token_spans = {node: span for node, span in state.spans.items() if id(node) in wanted}
    indices = sorted({i for span in token_spans.values() for i in span})
    positions = _positions_at(state.tokens, indices)
    return {
        node: Span(*positions[start], *positions[end]) for node, (start, end) in token_spans.items()
    }


def _positions_at(tokens: list[str], indices: list[int]) -> dict[int, tuple[int, int]]:
    """(line, 1-based column) at each token index, scanning the tokens once."""
    result: dict[int, tuple[int, int]] = {}
    line, col, cursor = 1, 1, 0
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
