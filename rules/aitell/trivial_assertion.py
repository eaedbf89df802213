import libcst as cst

from codeaudit.rule import Category, Confidence, PythonRule, Severity

_TRUE_CALLS = {"assertTrue", "assert_"}


def _always_true(expr, ctx) -> bool:
    if isinstance(expr, cst.Name) and expr.value == "True":
        return True
    if isinstance(expr, cst.Integer) and expr.value not in ("0",):
        return True
    if isinstance(expr, cst.SimpleString) and expr.evaluated_value:
        return True
    if isinstance(expr, cst.Comparison) and len(expr.comparisons) == 1:
        op = expr.comparisons[0].operator
        if isinstance(op, (cst.Equal, cst.Is)) and ctx.code_of(expr.left) == ctx.code_of(expr.comparisons[0].comparator):
            return not isinstance(expr.left, (cst.Call,))
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name) and expr.func.value == "isinstance" and len(expr.args) == 2:
        klass = expr.args[1].value
        return isinstance(klass, cst.Name) and klass.value == "object"
    return False


class TrivialAssertion(PythonRule):
    """An assertion that can never fail: `assert True`, `assert x == x`, `assertTrue(True)`.

    ## What it does
    Reports `assert` statements and `self.assertTrue(...)` calls whose
    condition is always true: `True`, a non-zero number, a non-empty string, an
    expression compared with itself, `isinstance(x, object)`.

    ## Why is this bad
    It documents an intention ("this works") without checking it; the test
    passes whatever the code does.

    ## Example
    ```python
    def test_cancel_order(service):
        service.cancel(order.id)
        assert True
    ```

    ## Use instead
    ```python
    def test_cancel_order(service):
        service.cancel(order.id)
        assert service.get(order.id).status == "cancelled"
    ```
    """

    code = "AIT009"
    slug = "trivial-assertion"
    category = Category.AI_TELL
    severity = Severity.LOW
    confidence = Confidence.HIGH
    triggers = (b"assert",)

    VALID = ["def test_a(x):\n    assert x\n    assert False, 'unreachable'\n    assert f() == f()\n"]
    INVALID = [
        "def test_a():\n    run()\n    assert True  # expect: AIT009\n",
        "class T:\n    def test_b(self):\n        self.assertTrue(True)  # expect: AIT009\n",
    ]

    def visit_Assert(self, node: cst.Assert) -> None:
        if _always_true(node.test, self.ctx):
            self.report(node, "this assertion can never fail; assert on the behaviour under test instead")

    def visit_Call(self, node: cst.Call) -> None:
        f = node.func
        if isinstance(f, cst.Attribute) and f.attr.value in _TRUE_CALLS and node.args and _always_true(node.args[0].value, self.ctx):
            self.report(node, "this assertion can never fail; assert on the behaviour under test instead")
