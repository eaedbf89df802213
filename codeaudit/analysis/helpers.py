"""Small libcst helpers shared by the security rules."""
from __future__ import annotations

import re
from typing import Any

import libcst as cst

def kwarg(call: cst.Call, name: str) -> Any:
    """The value of keyword argument ``name`` of a call, or None."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    return None


def has_kwargs_splat(call: cst.Call) -> bool:
    return any(arg.star == "**" for arg in call.args)


def positional(call: cst.Call, index: int) -> Any:
    """The index-th positional argument's value, or None."""
    plain = [a for a in call.args if a.keyword is None and not a.star]
    return plain[index].value if index < len(plain) else None


def arg(call: cst.Call, index: int, name: str) -> Any:
    """An argument given by position or by keyword."""
    value = kwarg(call, name)
    return value if value is not None else positional(call, index)


def is_name(node: Any, *values: str) -> bool:
    return isinstance(node, cst.Name) and node.value in values


def is_true(node: Any) -> bool:
    return is_name(node, "True")


def is_false(node: Any) -> bool:
    return is_name(node, "False") or (isinstance(node, cst.Integer) and node.value == "0")


def string_value(node: Any) -> str | None:
    """The text of a plain string literal (or implicit concatenation of literals)."""
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value.decode("latin-1") if isinstance(value, bytes) else value
    if isinstance(node, cst.ConcatenatedString):
        left, right = string_value(node.left), string_value(node.right)
        return left + right if left is not None and right is not None else None
    return None


def is_literal_string(node: Any) -> bool:
    return string_value(node) is not None


def terminal_name(node: Any) -> str:
    """The last identifier of an expression: ``self.api_key`` -> ``api_key``; ``d["token"]`` -> ``token``."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Subscript) and node.slice:
        index = node.slice[0].slice
        if isinstance(index, cst.Index):
            text = string_value(index.value)
            if text is not None:
                return text
        return terminal_name(node.value)
    if isinstance(node, cst.Call):
        return terminal_name(node.func)
    return ""


def interpolated(node: Any) -> list[Any] | None:
    """The values spliced into a string built with f-string, ``%``, ``.format`` or ``+``.

    None when the expression is not such a construction.
    """
    if isinstance(node, cst.FormattedString):
        return [p.expression for p in node.parts if isinstance(p, cst.FormattedStringExpression)]
    if isinstance(node, cst.ConcatenatedString):
        left, right = interpolated(node.left), interpolated(node.right)
        if left is None and right is None:
            return None
        return (left or []) + (right or [])
    if isinstance(node, cst.BinaryOperation):
        if isinstance(node.operator, cst.Modulo) and is_stringish(node.left):
            right = node.right
            if isinstance(right, cst.Tuple):
                return [e.value for e in right.elements]
            if isinstance(right, cst.Dict):
                return [e.value for e in right.elements if hasattr(e, "value")]
            return [right]
        if isinstance(node.operator, cst.Add) and (contains_literal(node)):
            return [part for part in _add_parts(node) if not is_literal_string(part)]
        return None
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "format":
        if is_stringish(node.func.value):
            return [a.value for a in node.args]
    return None


def _add_parts(node: Any) -> list[Any]:
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return _add_parts(node.left) + _add_parts(node.right)
    inner = interpolated(node) if isinstance(node, (cst.FormattedString,)) else None
    return inner if inner is not None else [node]


def contains_literal(node: Any) -> bool:
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return contains_literal(node.left) or contains_literal(node.right)
    return is_stringish(node)


def is_stringish(node: Any) -> bool:
    return isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString))


def literal_text(node: Any) -> str:
    """The literal parts of a built string (for keyword checks such as SQL verbs)."""
    if isinstance(node, cst.SimpleString):
        return string_value(node) or ""
    if isinstance(node, cst.FormattedString):
        return "".join(p.value for p in node.parts if isinstance(p, cst.FormattedStringText))
    if isinstance(node, cst.ConcatenatedString):
        return literal_text(node.left) + literal_text(node.right)
    if isinstance(node, cst.BinaryOperation):
        return literal_text(node.left) + " " + literal_text(node.right)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        return literal_text(node.func.value)
    return ""




def is_test_path(path: str) -> bool:
    """Test code (tests/ folders, test_*.py, *_test.py, conftest.py): fixtures there are not shipped."""
    parts = path.replace("\\", "/").split("/")
    name = parts[-1]
    return (
        name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"
        or any(p in ("tests", "test", "testing") for p in parts[:-1])
    )  # fmt: skip


_PLACEHOLDER_PCT = re.compile(r"%(\([^)]*\))?[-#0 +]*\d*(\.\d+)?[sdifr]")
_PLACEHOLDER_FMT = re.compile(r"\{[^{}]*\}")


def pieces_with_prefix(node: Any) -> list[tuple[Any, str]]:
    """(spliced value, literal text just before it) for f-strings, ``+`` chains, ``%`` and ``.format``."""
    if isinstance(node, cst.FormattedString):
        out, text = [], ""
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                text += part.value
            else:
                out.append((part.expression, text))
                text = ""
        return out
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        out, text = [], ""
        for part in _add_parts_raw(node):
            literal = string_value(part)
            if literal is not None:
                text += literal
            elif isinstance(part, cst.FormattedString):
                for value, before in pieces_with_prefix(part):
                    out.append((value, text + before))
                    text = ""
                text = ""
            else:
                out.append((part, text))
                text = ""
        return out
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Modulo):
        fmt = string_value(node.left) or literal_text(node.left)
        values = interpolated(node) or []
        prefixes = [fmt[: m.start()] for m in _PLACEHOLDER_PCT.finditer(fmt)]
        return list(zip(values, prefixes + [""] * (len(values) - len(prefixes))))
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "format":
        fmt = string_value(node.func.value) or ""
        values = [a.value for a in node.args]
        prefixes = [fmt[: m.start()] for m in _PLACEHOLDER_FMT.finditer(fmt)]
        return list(zip(values, prefixes + [""] * (len(values) - len(prefixes))))
    return [(p, "") for p in (interpolated(node) or [])]


def _add_parts_raw(node: Any) -> list[Any]:
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return _add_parts_raw(node.left) + _add_parts_raw(node.right)
    return [node]


_VALUE_POSITION = re.compile(r"""(['"%]|[=<>]|\b(like|in|is|values|between|and)|\blimit|\boffset)\s*$""", re.I)
_LIST_POSITION = re.compile(r"[(,]\s*$")
_CLAUSE = re.compile(r"\b(values|in|where|and|or|set|select|into|from|by|on|table|update|join|returning)\b", re.I)
_VALUE_CLAUSES = frozenset({"values", "in", "where", "and", "or", "set"})


def in_value_position(prefix: str) -> bool:
    """The literal before a spliced value shows it stands where SQL expects a *value* (not an identifier).

    After `(` or `,` it depends on the clause: `VALUES (%s, %s)` and `IN (%s)` hold values, while
    `INSERT INTO t (%s, %s)` and `SELECT %s, %s` hold column names.
    """
    if _VALUE_POSITION.search(prefix):
        return True
    if _LIST_POSITION.search(prefix):
        clauses = _CLAUSE.findall(prefix)
        return bool(clauses) and clauses[-1].lower() in _VALUE_CLAUSES
    return False
