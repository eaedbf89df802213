import libcst as cst

from codeaudit.rule import Category, Confidence, PythonRule, Severity

_PATCH_OBJECT = {"unittest.mock.patch.object", "mock.patch.object", "patch.object"}
_PATCH = {"unittest.mock.patch", "mock.patch", "patch"}


def _string(node) -> str | None:
    return node.evaluated_value if isinstance(node, cst.SimpleString) and isinstance(node.evaluated_value, str) else None


class MockOfUnitUnderTest(PythonRule):
    """A test that mocks the very function it then calls and asserts on.

    ## What it does
    Reports `mock.patch.object(obj, "name", ...)` / `mock.patch("pkg.mod.name")`
    in a `test_*` function when the same test calls `obj.name(...)` (or the
    patched dotted name) itself.

    ## Why is this bad
    The call returns the mock's canned value, so the assertion checks the mock,
    not the code: the test passes even if the real function is broken.

    ## Example
    ```python
    with mock.patch.object(order_service, "compute_total", return_value=Decimal("42")):
        assert order_service.compute_total(items) == Decimal("42")
    ```

    ## Use instead
    Mock the collaborators of the unit (prices, inventory), and call the real
    `compute_total`.
    """

    code = "AIT011"
    slug = "mock-of-unit-under-test"
    category = Category.AI_TELL
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    triggers = (b"patch",)

    VALID = [
        "from unittest import mock\nfrom shop import pricing\ndef test_e(cart):\n    with mock.patch('shop.pricing.fetch_rates', return_value={}):\n        result = pricing.apply_discount(cart, code='X')\n    assert result == 3\n",
        "from unittest import mock\nimport svc\ndef test_a():\n    with mock.patch.object(svc, 'fetch_prices', return_value={}):\n        assert svc.compute_total([]) == 0\n",
    ]
    INVALID = [
        "from unittest import mock\nimport svc\ndef test_a():\n    with mock.patch.object(svc, 'total', return_value=4):  # expect: AIT011\n        assert svc.total([1]) == 4\n",
        "from unittest import mock\nimport svc\ndef test_b():\n    with mock.patch('svc.total', return_value=4):  # expect: AIT011\n        assert svc.total([1]) == 4\n",
        "from unittest import mock\nfrom shop import pricing\ndef test_c(cart):\n    with mock.patch('shop.pricing.apply_discount', return_value=3) as m:  # expect: AIT011\n        result = pricing.apply_discount(cart, code='X')\n    assert result == 3\n",
        "from unittest import mock\nfrom shop import pricing\n@mock.patch('shop.pricing.tax_for', return_value=2)  # expect: AIT011\ndef test_d(m):\n    assert pricing.tax_for(10) == 2\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        # id(test function) -> (patch calls with their dotted target, other calls), filled by the one traversal
        self._seen: dict[int, tuple[list, list]] = {}

    def _test_function(self) -> cst.FunctionDef | None:
        for scope in reversed(self.ctx.scopes):
            if isinstance(scope, cst.FunctionDef) and scope.name.value.startswith("test"):
                return scope
        return None

    def visit_Call(self, n: cst.Call) -> None:
        test = self._test_function()
        if test is None:
            return
        patches, calls = self._seen.setdefault(id(test), ([], []))
        name = self.ctx.call_name(n) or self.ctx.code_of(n.func)
        parents = self.ctx.parents
        # `with mock.patch(...):` -> the With statement, so the finding covers the patch and the call under it
        block = parents[-2] if len(parents) >= 2 and isinstance(parents[-1], cst.WithItem) and isinstance(parents[-2], cst.With) else None
        if name in _PATCH_OBJECT and len(n.args) >= 2:
            attr = _string(n.args[1].value)
            target = self.ctx.qualified_name(n.args[0].value) or self.ctx.code_of(n.args[0].value)
            if attr:
                patches.append((n, f"{target}.{attr}", block))
        elif name in _PATCH and n.args:
            target = _string(n.args[0].value)
            if target:
                patches.append((n, target, block))
        else:
            calls.append((n, {id(w) for w in self.ctx.with_blocks}))

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        if not node.name.value.startswith("test"):
            return
        patches, calls = self._seen.pop(id(node), ([], []))
        for dec in node.decorators:
            d = dec.decorator
            if isinstance(d, cst.Call) and (self.ctx.call_name(d) or "") in _PATCH and d.args and _string(d.args[0].value):
                patches.append((d, _string(d.args[0].value), None))
        if not patches:
            return
        names = [({self.ctx.qualified_name(c.func), self.ctx.code_of(c.func)} - {None}, blocks) for c, blocks in calls]
        for call, target, block in patches:
            short = target.split(".")
            hits = [blocks for called, blocks in names
                    if any(c == target or (target.endswith("." + c) and "." in c) for c in called)]
            if hits:
                inside = block is not None and any(id(block) in blocks for blocks in hits)
                self.report(block if inside else call, f"`{short[-1]}` is mocked and then called by the test itself: the "
                                                      "assertion checks the mock, not the code; mock its collaborators instead")
