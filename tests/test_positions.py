"""Positions computed for reported nodes match libcst's PositionProvider exactly."""
import random

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from codeaudit.parsing.positions import node_spans

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


def top_level_of(module):
    """id(node) -> the top-level statement holding it, as the engine records it."""
    tops = {}

    class Collect(cst.CSTVisitor):
        def __init__(self, top):
            self.top = top

        def on_visit(self, node):
            tops[id(node)] = self.top
            return True

    for statement in module.body:
        statement.visit(Collect(statement))
    return tops


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("with_tops", [False, True], ids=["whole-module", "per-statement"])
def test_spans_match_position_provider(newline, with_tops):
    text = SOURCE.replace("\n", newline)
    module = cst.parse_module(text)
    expected = provider_spans(module)
    nodes = random.Random(7).sample(sorted(expected, key=id), 120)
    tops = top_level_of(module) if with_tops else None
    spans = node_spans(module, nodes, tops, text)
    assert {n: (s.start_line, s.start_col, s.end_line, s.end_col) for n, s in spans.items()} == {
        n: expected[n] for n in nodes
    }


def test_duplicate_statements_fall_back_to_the_whole_module():
    module = cst.parse_module(SOURCE)
    duplicates = [s for s in module.body if isinstance(s, cst.SimpleStatementLine)][-2:]
    targets = [d.body[0] for d in duplicates]
    spans = node_spans(module, targets, {id(t): d for t, d in zip(targets, duplicates)}, SOURCE)
    assert [spans[t].start_line for t in targets] == [20, 21]
