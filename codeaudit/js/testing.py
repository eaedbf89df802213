"""Jest / Vitest / Mocha test shapes for the JS test-quality rules (AIT106-AIT109)."""
from __future__ import annotations

from typing import Any, Iterator

from codeaudit.js import FUNCTION_TYPES, call_args, callee, strip_parens, string_value, text, walk  # noqa: F401

#: Callees that declare one test case.
TEST_CALLEES = frozenset({"test", "it", "test.only", "it.only", "test.concurrent", "specify"})


def test_callback(call: Any) -> Any | None:
    """The function of `test('name', () => {...})` / `it(...)`, or None."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.end_byte - fn.start_byte > 15 or text(fn) not in TEST_CALLEES:
        return None
    args = call_args(call)
    if len(args) < 2 or string_value(args[0]) is None and args[0].type != "template_string":
        return None
    body = strip_parens(args[1])
    return body if body is not None and body.type in FUNCTION_TYPES else None


def own_nodes(fn: Any) -> Iterator[Any]:
    """Nodes of a test function's body, including nested callbacks (assertions in `.then(...)` count)."""
    body = fn.child_by_field_name("body")
    return walk(body) if body is not None else iter(())


def expect_calls(fn: Any) -> list[Any]:
    """`expect(x)` calls in the test (the subject call, not the matcher)."""
    return [n for n in own_nodes(fn) if n.type == "call_expression" and text(callee(n)) in ("expect", "expect.soft")]


def matcher_of(expect_call: Any) -> tuple[str, Any | None, bool]:
    """('toBe', matcher call, negated) for `expect(x).not.toBe(y)`; ('', None, False) if not a matcher chain."""
    node, negated = expect_call, False
    while node.parent is not None and node.parent.type == "member_expression":
        prop = text(node.parent.child_by_field_name("property"))
        member = node.parent
        if prop == "not":
            negated = not negated
            node = member
            continue
        if prop in ("resolves", "rejects"):
            node = member
            continue
        call = member.parent
        if call is not None and call.type == "call_expression":
            return prop, call, negated
        return "", None, negated
    return "", None, negated


def code_bytes(node: Any) -> bytes:
    """Source bytes of ``node`` without its comments."""
    data, start, parts, last = node.text, node.start_byte, [], 0
    if b"//" not in data and b"/*" not in data:
        return data
    for child in walk(node):
        if child.type == "comment":
            parts.append(data[last:child.start_byte - start])
            last = child.end_byte - start
    parts.append(data[last:])
    return b"".join(parts)
