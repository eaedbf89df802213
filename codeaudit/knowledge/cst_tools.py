"""Small libcst helpers for rules: bound names, names used, loop invariance.

Plain recursive walks over ``node.children``; meant for small subtrees (a loop
body, a function) and cached per node id by the callers that need it.
"""
from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Any, Iterator

import libcst as cst

_NESTED_SCOPES = (cst.FunctionDef, cst.ClassDef, cst.Lambda)


_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


#: Fields that never hold code (whitespace, punctuation); same idea as the engine's walk.
_SKIPPED_FIELD_PREFIXES = (
    "whitespace", "lpar", "rpar", "comma", "leading_lines", "lines_after_decorators", "trailing_whitespace",
    "header", "footer", "semicolon", "colon", "equal", "dot", "default_indent", "default_newline", "encoding",
    "has_trailing_newline", "indent",
)  # fmt: skip


@lru_cache(maxsize=None)
def _fields(node_type: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(node_type) if not f.name.startswith(_SKIPPED_FIELD_PREFIXES))


def children(node: Any) -> list[Any]:
    """Child nodes in source order, read from the dataclass fields (libcst's ``.children`` re-visits the node)."""
    out = []
    for name in _fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            out.append(value)
        elif isinstance(value, (list, tuple)):
            out.extend(v for v in value if isinstance(v, cst.CSTNode))
    return out


def walk(node: Any, *, into_scopes: bool = False, into_comprehensions: bool = True) -> Iterator[Any]:
    """Every node under ``node`` (inclusive), optionally not entering nested defs/classes/comprehensions."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if current is not node and not into_scopes and isinstance(current, _NESTED_SCOPES):
            continue
        if current is not node and not into_comprehensions and isinstance(current, _COMPREHENSIONS):
            continue
        stack.extend(reversed(children(current)))


def assignment_targets(node: Any) -> list[Any]:
    """The target expressions an Assign / AugAssign / AnnAssign writes (empty for anything else)."""
    if isinstance(node, cst.Assign):
        return [t.target for t in node.targets]
    if isinstance(node, (cst.AugAssign, cst.AnnAssign)):
        return [node.target]
    return []


def target_names(target: Any) -> set[str]:
    """Names bound by an assignment / for target (tuples, lists, starred)."""
    if isinstance(target, cst.Name):
        return {target.value}
    if isinstance(target, (cst.Tuple, cst.List)):
        names: set[str] = set()
        for element in target.elements:
            names |= target_names(element.value)
        return names
    if isinstance(target, cst.StarredElement):
        return target_names(target.value)
    return set()


def bound_names(node: Any) -> set[str]:
    """Names (re)bound anywhere inside ``node`` (not inside nested defs)."""
    names: set[str] = set()
    for child in walk(node, into_comprehensions=False):
        if isinstance(child, cst.Assign):
            for t in child.targets:
                names |= target_names(t.target)
        elif isinstance(child, (cst.AugAssign, cst.AnnAssign)):
            names |= target_names(child.target)
        elif isinstance(child, (cst.For, cst.CompFor)):
            names |= target_names(child.target)
        elif isinstance(child, cst.AsName):
            names |= target_names(child.name)
        elif isinstance(child, cst.NamedExpr):
            names |= target_names(child.target)
        elif isinstance(child, (cst.FunctionDef, cst.ClassDef)) and child is not node:
            names.add(child.name.value)
    return names


def read_names(node: Any) -> set[str]:
    """Every bare Name inside an expression (attribute tails and keyword names excluded)."""
    skip: set[int] = set()
    names: set[str] = set()
    for child in walk(node, into_scopes=True):
        if isinstance(child, cst.Attribute):
            skip.add(id(child.attr))
        elif isinstance(child, cst.Arg) and child.keyword is not None:
            skip.add(id(child.keyword))
        elif isinstance(child, cst.Name) and id(child) not in skip:
            names.add(child.value)
    return names


_LOOP_BOUND_CACHE: dict[int, tuple[Any, set[str]]] = {}


def loop_bound(loop: Any) -> set[str]:
    """Names that change from one iteration of ``loop`` to the next."""
    key = id(loop)
    hit = _LOOP_BOUND_CACHE.get(key)
    if hit is not None and hit[0] is loop:
        return hit[1]
    if isinstance(loop, cst.For):
        names = target_names(loop.target) | bound_names(loop.body)
    elif isinstance(loop, cst.While):
        names = bound_names(loop.body) | bound_names(loop.test)
    else:  # comprehension: every for-target in the chain plus walrus targets
        names = bound_names(loop)
    if len(_LOOP_BOUND_CACHE) > 4096:
        _LOOP_BOUND_CACHE.clear()
    _LOOP_BOUND_CACHE[key] = (loop, names)
    return names


def invariant_in(expr: Any, loop: Any) -> bool:
    """True when ``expr`` reads no name the loop rebinds (so it could be hoisted)."""
    return not (read_names(expr) & loop_bound(loop))


def body_statements(func: cst.FunctionDef) -> list[Any]:
    """The statements of a function body without its docstring."""
    body = func.body
    statements = list(body.body) if isinstance(body, cst.IndentedBlock) else [body]
    if statements and is_docstring(statements[0]):
        statements = statements[1:]
    return statements


def is_docstring(stmt: Any) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def small_statements(stmts: list[Any]) -> list[Any]:
    """Flatten SimpleStatementLines into their small statements; compound statements stay."""
    out = []
    for stmt in stmts:
        if isinstance(stmt, cst.SimpleStatementLine):
            out.extend(stmt.body)
        else:
            out.append(stmt)
    return out


def decorator_names(func: Any) -> set[str]:
    names = set()
    for dec in getattr(func, "decorators", ()):
        expr = dec.decorator
        if isinstance(expr, cst.Call):
            expr = expr.func
        while isinstance(expr, cst.Attribute):
            names.add(expr.attr.value)
            expr = expr.value
        if isinstance(expr, cst.Name):
            names.add(expr.value)
    return names


def list_annotation(annotation: Any) -> bool:
    """``list``, ``List[...]``, ``list[...]``, ``typing.List``."""
    if annotation is None:
        return False
    expr = annotation.annotation
    if isinstance(expr, cst.Subscript):
        expr = expr.value
    if isinstance(expr, cst.Attribute):
        expr = expr.attr
    return isinstance(expr, cst.Name) and expr.value in ("list", "List")


def real_loops(ctx: Any) -> list[Any]:
    """ctx.loops without comprehensions whose first iterable holds the current node.

    The first ``for ... in ITER`` of a comprehension is evaluated once, outside
    the comprehension, like a For loop's iterable.
    """
    loops = ctx.loops
    if not any(isinstance(loop, _COMPREHENSIONS) for loop in loops):
        return loops
    parents = ctx.parents
    positions = {id(p): i for i, p in enumerate(parents)}
    kept = []
    for loop in loops:
        if isinstance(loop, _COMPREHENSIONS):
            i = positions.get(id(loop))
            if i is not None and i + 2 <= len(parents):
                first = loop.for_in
                after = parents[i + 1] if i + 1 < len(parents) else None
                nxt = parents[i + 2] if i + 2 < len(parents) else None
                if after is first and (nxt is first.iter or (nxt is None and i + 2 == len(parents))):
                    continue
        kept.append(loop)
    return kept


def is_retry_loop(loop: Any) -> bool:
    """``for attempt in range(n)`` whose body tries something and returns/breaks on success."""
    if not isinstance(loop, cst.For):
        return False
    it = loop.iter
    if not (isinstance(it, cst.Call) and isinstance(it.func, cst.Name) and it.func.value == "range"):
        return False
    for node in walk(loop.body):
        if isinstance(node, cst.Try) and any(isinstance(n, (cst.Return, cst.Break)) for n in walk(node.body)):
            return True
    return False
