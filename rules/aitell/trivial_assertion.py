import libcst as cst

from codeaudit.rule import Category, Confidence, PythonRule, Severity

_TRUE_CALLS = {"assertTrue", "assert_"}
#: Calls that check something (assert methods, pytest.raises, helpers named like checks).
_CHECK_PREFIXES = ("assert", "check", "verify", "expect", "raises", "fail")
#: Test names saying that presence is the behaviour under test (`test_find_file`, `test_timeit_return`):
#: there `is not None` is the intended check.
_PRESENCE_TEST = __import__("re").compile(
    r"return|exist|find|found|lookup|get|load|creat|init|present|available|none|optional|resolv|detect|discover|open|connect",
    __import__("re").I,
)


def _not_none(expr) -> bool:
    """`x is not None`."""
    return (
        isinstance(expr, cst.Comparison)
        and len(expr.comparisons) == 1
        and isinstance(expr.comparisons[0].operator, cst.IsNot)
        and isinstance(expr.comparisons[0].comparator, cst.Name)
        and expr.comparisons[0].comparator.value == "None"
    )


#: Comparison operators and their negations.
_NEGATED = {
    cst.Is: cst.IsNot, cst.IsNot: cst.Is, cst.Equal: cst.NotEqual, cst.NotEqual: cst.Equal, cst.In: cst.NotIn,
    cst.NotIn: cst.In, cst.LessThan: cst.GreaterThanEqual, cst.GreaterThanEqual: cst.LessThan,
    cst.GreaterThan: cst.LessThanEqual, cst.LessThanEqual: cst.GreaterThan,
}


def _complements(a, b, ctx) -> bool:
    """``b`` is the negation of ``a``: `not a`, or the same comparison with the negated operator."""
    for x, y in ((a, b), (b, a)):
        if isinstance(y, cst.UnaryOperation) and isinstance(y.operator, cst.Not) and ctx.code_of(y.expression) == ctx.code_of(x):
            return True
    if (isinstance(a, cst.Comparison) and isinstance(b, cst.Comparison) and len(a.comparisons) == 1
            and len(b.comparisons) == 1):
        neg = _NEGATED.get(type(a.comparisons[0].operator))
        return (neg is not None and isinstance(b.comparisons[0].operator, neg)
                and ctx.code_of(a.left) == ctx.code_of(b.left)
                and ctx.code_of(a.comparisons[0].comparator) == ctx.code_of(b.comparisons[0].comparator))
    return False


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
    if isinstance(expr, cst.BooleanOperation) and isinstance(expr.operator, cst.Or):
        # `x is None or x is not None`, `a == b or a != b`, `p or not p`, `... or True`: a tautology
        return (_complements(expr.left, expr.right, ctx) or _always_true(expr.left, ctx)
                or _always_true(expr.right, ctx))
    if (isinstance(expr, cst.Comparison) and len(expr.comparisons) == 1
            and isinstance(expr.comparisons[0].operator, cst.GreaterThanEqual)
            and isinstance(expr.comparisons[0].comparator, cst.Integer) and expr.comparisons[0].comparator.value == "0"
            and isinstance(expr.left, cst.Call) and isinstance(expr.left.func, cst.Name) and expr.left.func.value == "len"):
        return True  # `len(x) >= 0`
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name) and expr.func.value == "isinstance" and len(expr.args) == 2:
        klass = expr.args[1].value
        return isinstance(klass, cst.Name) and klass.value == "object"
    return False


class TrivialAssertion(PythonRule):
    """An assertion that can never fail: `assert True`, `assert x == x`, `assertTrue(True)`.

    ## What it does
    Reports `assert` statements and `self.assertTrue(...)` calls whose
    condition is always true: `True`, a non-zero number, a non-empty string, an
    expression compared with itself, `isinstance(x, object)`, `len(x) >= 0`, or
    a tautology joined by `or` (`x is None or x is not None`, `a == b or a != b`,
    `p or not p`, `... or True`). With medium
    confidence, also reports a test whose only checks are `assert x is not
    None` / `assertIsNotNone(x)`: any returned value, right or wrong, passes
    (unless the test's name says presence is the point: `test_find_...`,
    `test_..._returns_...`, `test_..._exists`).

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

    VALID = [
        "def test_total(service):\n    order = service.place('c', [('A', 3)])\n    assert order.total is None or order.total > 0\n",
        "def test_status(api):\n    r = api.get('/health')\n    assert r.status_code == 200 or r.status_code == 204\n",
        "def test_items(repo):\n    rows = repo.list()\n    assert len(rows) >= 1\n",
        "def test_flag(cfg, other):\n    assert cfg.enabled or not other.enabled\n",
        "def test_a(x):\n    assert x\n    assert False, 'unreachable'\n    assert f() == f()\n",
        "def test_b():\n    total = with_tax(10)\n    assert total is not None\n    assert total == 12\n",
        "def test_c(client):\n    user = client.get_user(1)\n    assert user is not None\n    client.notify.assert_called_once_with(user)\n",
        "class T:\n    def test_d(self):\n        row = load()\n        self.assertIsNotNone(row)\n        self.assertEqual(row.id, 3)\n",
        "def helper(x):\n    assert x is not None\n    return x\n",
        "def test_find_file_magic():\n    run = ip.find_line_magic('run')\n    assert find_file(run) is not None\n",
        "def test_timeit_return():\n    res = ip.run_line_magic('timeit', '-o 1')\n    assert res is not None\n",
    ]
    INVALID = [
        "def test_total(service):\n    order = service.place('c', [('A', 3)])\n    assert order.total is not None or order.total is None  # expect: AIT009\n",
        "def test_status(api):\n    r = api.get('/health')\n    assert r.status_code == 200 or r.status_code != 200  # expect: AIT009\n",
        "def test_items(repo):\n    rows = repo.list()\n    assert len(rows) >= 0  # expect: AIT009\n",
        "def test_flag(cfg):\n    assert cfg.enabled or not cfg.enabled  # expect: AIT009\n",
        "def test_a():\n    run()\n    assert True  # expect: AIT009\n",
        "class T:\n    def test_b(self):\n        self.assertTrue(True)  # expect: AIT009\n",
        "def test_tax_rounding():\n    total = with_tax(Decimal('10.005'), rate=Decimal('0.2'))\n    assert total is not None  # expect: AIT009\n",
        "class T:\n    def test_parse(self):\n        cfg = parse('a=1')\n        self.assertIsNotNone(cfg)  # expect: AIT009\n",
        "def test_report(tmp_path):\n    out = build_report(tmp_path)\n    assert out is not None  # expect: AIT009\n    assert out.rows is not None  # expect: AIT009\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        #: id(test function) -> [weak `is not None` checks, has a real check]
        self._tests: dict[int, list] = {}

    def _test(self) -> list | None:
        func = self.ctx.function
        if isinstance(func, cst.FunctionDef) and func.name.value.startswith("test"):
            return self._tests.setdefault(id(func), [[], False])
        return None

    def visit_Assert(self, node: cst.Assert) -> None:
        if _always_true(node.test, self.ctx):
            self.report(node, "this assertion can never fail; assert on the behaviour under test instead")
            return
        state = self._test()
        if state is not None:
            if _not_none(node.test):
                state[0].append(node)
            else:
                state[1] = True

    def visit_Call(self, node: cst.Call) -> None:
        f = node.func
        if isinstance(f, cst.Attribute) and f.attr.value in _TRUE_CALLS and node.args and _always_true(node.args[0].value, self.ctx):
            self.report(node, "this assertion can never fail; assert on the behaviour under test instead")
            return
        name = f.attr.value if isinstance(f, cst.Attribute) else f.value if isinstance(f, cst.Name) else ""
        if name.lower().startswith(_CHECK_PREFIXES) or name.lower().endswith(("_raises", "raises")):
            state = self._test()
            if state is not None:
                if name == "assertIsNotNone":
                    state[0].append(node)
                else:
                    state[1] = True

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        state = self._tests.pop(id(node), None)
        if state is None or state[1] or _PRESENCE_TEST.search(node.name.value):
            return
        for weak in state[0]:
            self.report(weak, "the test's only check is `is not None`: any result, right or wrong, passes; "
                              "assert the expected value", confidence=Confidence.MEDIUM)
