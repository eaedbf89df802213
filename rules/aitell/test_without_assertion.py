import re

import libcst as cst

from codeaudit.knowledge.cst_tools import body_statements, decorator_names
from codeaudit.knowledge.tests_shape import is_check, is_test_function
from codeaudit.rule import Category, Confidence, PythonRule, Severity


#: Test names that promise an observable effect (a smoke test "does not crash" gets low confidence).
_PROMISE = re.compile(
    r"(creates?|returns?|sets?|updates?|sends?|saves?|stores?|adds?|removes?|deletes?|computes?|calculates?|"
    r"charges?|writes?|records?|emits?|raises?|rejects?|fails?|is_|has_|equals?|matches|contains?|increments?|"
    r"refunds?|cancels?|marks?|persists?|publishes|notifies|logs)(_|$)",
)


class TestWithoutAssertion(PythonRule):
    """A test function that checks nothing.

    ## What it does
    Reports `test_*` functions in test files with no `assert`, no `raise`, no
    assert-like call (`self.assertEqual`, `mock.assert_called_once_with`,
    `expect(...)`, `pytest.raises`, ...).

    ## Why is this bad
    The test passes whatever the code does (unless it crashes), so it inflates
    coverage and gives false confidence. Generated test suites often contain
    such "smoke" tests named as if they verified behaviour.

    ## Example
    ```python
    def test_place_order_creates_order(service):
        service.place_order("cust-1", [("SKU-1", 1)], Decimal("9.99"))
    ```

    ## Use instead
    ```python
    def test_place_order_creates_order(service):
        order = service.place_order("cust-1", [("SKU-1", 1)], Decimal("9.99"))
        assert service.get(order.id) == order
    ```
    """

    code = "AIT008"
    slug = "test-without-assertion"
    category = Category.AI_TELL
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"def test",)

    VALID = [
        "def test_add():\n    assert 1 + 1 == 2\n",
        "import pytest\ndef test_raises():\n    with pytest.raises(ValueError):\n        int('x')\n",
        "def test_called(m):\n    m()\n    m.assert_called_once()\n",
        "def test_skipped():\n    pass\n",
    ]
    INVALID = [
        "def test_creates_order(service):  # expect: AIT008\n    service.place_order('c', 1)\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._checking: set[int] = set()  # ids of functions with a check somewhere inside

    # The engine's single traversal marks every enclosing function of a check,
    # so deciding at leave_FunctionDef needs no second walk of each test.
    def visit_Assert(self, node: cst.Assert) -> None:
        self._mark()

    def visit_Raise(self, node: cst.Raise) -> None:
        self._mark()

    def visit_Call(self, node: cst.Call) -> None:
        if is_check(node):
            self._mark()

    def _mark(self) -> None:
        self._checking.update(id(s) for s in self.ctx.scopes if isinstance(s, cst.FunctionDef))

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        if not is_test_function(node, _Ctx(self.ctx, "test_example.py")):
            return
        statements = body_statements(node)
        if not statements or all(
            isinstance(s, cst.SimpleStatementLine) and all(isinstance(x, (cst.Pass, cst.Expr)) and not isinstance(getattr(x, "value", None), cst.Call) for x in s.body)
            for s in statements
        ):
            return  # an empty/`pass` test is a TODO, not a fake check
        if decorator_names(node) & {"skip", "skipif", "xfail", "fixture", "benchmark"}:
            return
        if id(node) not in self._checking:
            promises = _PROMISE.search(node.name.value) is not None
            self.report(node, f"`{node.name.value}` asserts nothing: it passes whatever the code does; "
                              "assert on the result or the side effect it is named after",
                        confidence=Confidence.MEDIUM if promises else Confidence.LOW)


class _Ctx:
    """ctx proxy: examples are audited as example.py; treat them as a test file."""

    def __init__(self, ctx, fallback: str) -> None:
        self.path = ctx.path if not ctx.path.startswith("example.") else fallback
