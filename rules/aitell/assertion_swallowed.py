import libcst as cst

from codeaudit.knowledge.cst_tools import small_statements, walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_CATCHES_ASSERT = {"Exception", "BaseException", "AssertionError"}


class AssertionSwallowed(PythonRule):
    """A test assertion inside a `try` whose handler swallows the failure.

    ## What it does
    Reports, in `test_*` functions, an `except Exception`/`except AssertionError`/
    bare `except` handler that only passes when its `try` body contains an
    `assert` (or an assert-like call).

    ## Why is this bad
    The `AssertionError` raised by the failing check is caught by the handler:
    the test can never fail.

    ## Example
    ```python
    try:
        service.place_order(...)
        assert False, "expected OutOfStock"
    except OutOfStock:
        pass
    except Exception:
        pass
    ```

    ## Use instead
    ```python
    with pytest.raises(OutOfStock):
        service.place_order(...)
    ```
    """

    code = "AIT010"
    slug = "assertion-swallowed"
    category = Category.AI_TELL
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    triggers = (b"assert",)

    VALID = [
        "def test_a():\n    try:\n        assert f()\n    except ValueError:\n        pass\n",
        "def test_b():\n    try:\n        assert f()\n    except Exception:\n        cleanup()\n        raise\n",
    ]
    INVALID = [
        "def test_a():\n    try:\n        g()\n        assert False, 'no error'\n    except KeyError:\n        pass\n    except Exception:  # expect: AIT010\n        pass\n",
    ]

    def visit_Try(self, node: cst.Try) -> None:
        func = self.ctx.function
        if not isinstance(func, cst.FunctionDef) or not func.name.value.startswith("test"):
            return
        asserts = any(
            isinstance(n, cst.Assert)
            or (isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value.startswith("assert"))
            for n in walk(node.body)
        )
        if not asserts:
            return
        for handler in node.handlers:
            kind = handler.type
            names = [e.value for e in kind.elements] if isinstance(kind, cst.Tuple) else ([kind] if kind else [])
            broad = kind is None or any(isinstance(n, cst.Name) and n.value in _CATCHES_ASSERT for n in names)
            if not broad:
                continue
            body = small_statements(list(handler.body.body)) if isinstance(handler.body, cst.IndentedBlock) else []
            if body and all(isinstance(s, (cst.Pass, cst.Continue)) or (isinstance(s, cst.Expr) and isinstance(s.value, cst.Ellipsis)) for s in body):
                self.report(handler, "this handler also catches the AssertionError of the check in the try body: "
                                     "the test cannot fail; use pytest.raises for expected errors")
