"""What a test function is and whether it checks anything (shared by the AIT test rules)."""
from __future__ import annotations

import re

import libcst as cst

_CHECK_CALL = re.compile(r"(^|_)(assert|expect|check|verify|should|ensure|fail)|^(raises|warns|deprecated_call|benchmark)$", re.I)


def is_test_file(path: str) -> bool:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.startswith("test_") or name.endswith("_test.py") or name.startswith("tests.py")


def is_test_function(node, ctx) -> bool:
    return (
        isinstance(node, cst.FunctionDef)
        and node.name.value.startswith("test")
        and is_test_file(ctx.path)
    )


def is_check(node: cst.CSTNode) -> bool:
    """An assert, a raise, or an assert-like call (assertEqual, expect, pytest.raises, ...)."""
    if isinstance(node, (cst.Assert, cst.Raise)):
        return True
    if isinstance(node, cst.Call):
        f = node.func
        name = f.attr.value if isinstance(f, cst.Attribute) else (f.value if isinstance(f, cst.Name) else "")
        return _CHECK_CALL.search(name) is not None
    return False
