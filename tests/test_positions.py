"""Positions computed for reported nodes match libcst's PositionProvider exactly."""
import random

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from codeaudit.parsing.positions import node_spans, statement_chain

SOURCE = '''\
"""Module docstring."""
import os


@decorator(arg=1)
def handler(request, *, limit=10):
    value = request.args.get("q")  # comment
    if value and len(value) > limit:
        return {"error": f"too long: {value[:10]}"}
    return [x for x in os.listdir(".") if x.startswith(value)]


class Store:
    items = {"a": (1, 2), "b": [3, 4]}

    async def fetch(self, key):
        async with self.lock:
            return self.items.get(key,
                                  None)
x = 1; y = 2
x = 1; y = 2
'''


def provider_spans(module):
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    return {
        node: (r.start.line, r.start.column + 1, r.end.line, r.end.column + 1)
        for node, r in positions.items()
    }


def ancestry_of(module):
    """id(node) -> its ancestors (module first), as the engine records them."""
    ancestry = {}

    class Collect(cst.CSTVisitor):
        def __init__(self):
            self.stack = []

        def on_visit(self, node):
            ancestry[id(node)] = list(self.stack)
            self.stack.append(node)
            return True

        def on_leave(self, node):
            self.stack.pop()

    module.visit(Collect())
    return ancestry


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("with_ancestry", [False, True], ids=["whole-module", "per-statement"])
def test_spans_match_position_provider(newline, with_ancestry):
    text = SOURCE.replace("\n", newline)
    module = cst.parse_module(text)
    expected = provider_spans(module)
    nodes = random.Random(7).sample(sorted(expected, key=id), 120)
    ancestry = ancestry_of(module) if with_ancestry else None
    spans = node_spans(module, nodes, ancestry, text)
    assert {n: (s.start_line, s.start_col, s.end_line, s.end_col) for n, s in spans.items()} == {
        n: expected[n] for n in nodes
    }


def test_duplicate_statements_fall_back_to_the_whole_module():
    module = cst.parse_module(SOURCE)
    duplicates = [s for s in module.body if isinstance(s, cst.SimpleStatementLine)][-2:]
    targets = [d.body[0] for d in duplicates]
    spans = node_spans(module, targets, ancestry_of(module), SOURCE)
    assert [spans[t].start_line for t in targets] == [20, 21]


def test_nested_statements_are_located_through_their_innermost_statement():
    module = cst.parse_module(SOURCE)
    ancestry = ancestry_of(module)
    call = next(
        n for n in provider_spans(module)
        if isinstance(n, cst.Call) and module.code_for_node(n).startswith("self.items.get(key")
    )  # fmt: skip
    chain = statement_chain(module, ancestry[id(call)], call)
    assert [type(s).__name__ for s, _ in chain] == ["SimpleStatementLine", "With", "FunctionDef", "ClassDef"]
    assert chain[0][1] == ["    ", "    ", "    "]
    assert node_spans(module, [call], ancestry, SOURCE)[call].start_line == 18
