import libcst as cst

from codeaudit.rule import Category, Confidence, PythonRule, Severity

_PATCH_OBJECT = {"unittest.mock.patch.object", "mock.patch.object", "patch.object"}
_PATCH = {"unittest.mock.patch", "mock.patch", "patch"}


def _string(node) -> str | None:
    return node.evaluated_value if isinstance(node, cst.SimpleString) and isinstance(node.evaluated_value, str) else None


def _constructed(value) -> str | None:
    """`ClassName(...)` -> "ClassName"."""
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value[:1].isupper():
        return value.func.value
    return None


class MockOfUnitUnderTest(PythonRule):
    """A test that mocks the very function it then calls and asserts on.

    ## What it does
    Reports `mock.patch.object(obj, "name", ...)` / `mock.patch("pkg.mod.name")`
    in a `test_*` function when the same test calls `obj.name(...)` (or the
    patched dotted name) itself, including `patch.object(SomeClass, "name")`
    followed by `instance.name(...)` on an instance of that class built in the
    test or returned by a fixture (`def service(): return SomeClass(...)`).

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
        "import pytest\nfrom unittest import mock\nfrom shop import OrderService, Gateway\n@pytest.fixture\ndef service():\n    return OrderService(repo=None)\ndef test_checkout(service):\n    with mock.patch.object(Gateway, 'charge', return_value=True):\n        assert service.checkout('o1') == 'paid'\n",
        "from unittest import mock\nfrom shop import Cart, Pricing\ndef test_total():\n    cart = Cart()\n    p = Pricing()\n    with mock.patch.object(Pricing, 'total', return_value=9):\n        assert cart.total() == 9\n",
        "from unittest import mock\nfrom shop import pricing\ndef test_e(cart):\n    with mock.patch('shop.pricing.fetch_rates', return_value={}):\n        result = pricing.apply_discount(cart, code='X')\n    assert result == 3\n",
        "from unittest import mock\nimport svc\ndef test_a():\n    with mock.patch.object(svc, 'fetch_prices', return_value={}):\n        assert svc.compute_total([]) == 0\n",
    ]
    INVALID = [
        "import pytest\nfrom unittest import mock\nfrom shop import OrderService\n@pytest.fixture\ndef service():\n    return OrderService(repo=None)\ndef test_coupon(service):\n    with mock.patch.object(OrderService, 'apply_coupon', return_value=5) as m:  # expect: AIT011\n        r = service.apply_coupon('o1', 'SAVE5')\n    assert r == m.return_value\n",
        "from unittest import mock\nfrom shop import Cart\ndef test_total():\n    cart = Cart()\n    with mock.patch.object(Cart, 'total', return_value=9):  # expect: AIT011\n        assert cart.total() == 9\n",
        "from unittest.mock import patch\nfrom app import Mailer\ndef test_send():\n    m = Mailer('smtp.local')\n    with patch.object(Mailer, 'send', return_value=True):  # expect: AIT011\n        assert m.send('hi')\n",
        "from unittest import mock\nimport svc\ndef test_a():\n    with mock.patch.object(svc, 'total', return_value=4):  # expect: AIT011\n        assert svc.total([1]) == 4\n",
        "from unittest import mock\nimport svc\ndef test_b():\n    with mock.patch('svc.total', return_value=4):  # expect: AIT011\n        assert svc.total([1]) == 4\n",
        "from unittest import mock\nfrom shop import pricing\ndef test_c(cart):\n    with mock.patch('shop.pricing.apply_discount', return_value=3) as m:  # expect: AIT011\n        result = pricing.apply_discount(cart, code='X')\n    assert result == 3\n",
        "from unittest import mock\nfrom shop import pricing\n@mock.patch('shop.pricing.tax_for', return_value=2)  # expect: AIT011\ndef test_d(m):\n    assert pricing.tax_for(10) == 2\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        # id(test function) -> (patch calls with their dotted target, other calls), filled by the one traversal
        self._seen: dict[int, tuple[list, list]] = {}
        self._class_patches: dict[int, list] = {}
        self._factories: dict[str, str] | None = None

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
                cls = n.args[0].value
                if isinstance(cls, cst.Name) and cls.value[:1].isupper():
                    # patching a class attribute also patches every instance: `service.attr()` hits the mock
                    self._class_patches.setdefault(id(test), []).append((n, cls.value, attr, block))
        elif name in _PATCH and n.args:
            target = _string(n.args[0].value)
            if target:
                patches.append((n, target, block))
        else:
            calls.append((n, {id(w) for w in self.ctx.with_blocks}))

    def _module_factories(self) -> dict[str, str]:
        """Module-level functions (pytest fixtures) that return `ClassName(...)`: fixture name -> class name."""
        if self._factories is None:
            self._factories = {}
            for stmt in self.ctx.module.body:
                if isinstance(stmt, cst.FunctionDef) and isinstance(stmt.body, cst.IndentedBlock):
                    last = stmt.body.body[-1] if stmt.body.body else None
                    if isinstance(last, cst.SimpleStatementLine) and isinstance(last.body[0], cst.Return):
                        cls = _constructed(last.body[0].value)
                        if cls:
                            self._factories[stmt.name.value] = cls
        return self._factories

    def _instance_patch(self, test: cst.FunctionDef, calls) -> bool:
        """`patch.object(OrderService, "m")` then `service.m(...)` on an OrderService built by the test or a fixture."""
        class_patches = self._class_patches.pop(id(test), [])
        if not class_patches:
            return False
        instances = {p.name.value: cls for p in test.params.params
                     if (cls := self._module_factories().get(p.name.value))}
        for stmt in test.body.body if isinstance(test.body, cst.IndentedBlock) else ():
            if isinstance(stmt, cst.SimpleStatementLine) and isinstance(stmt.body[0], cst.Assign):
                assign = stmt.body[0]
                cls = _constructed(assign.value)
                if cls and len(assign.targets) == 1 and isinstance(assign.targets[0].target, cst.Name):
                    instances[assign.targets[0].target.value] = cls
        for patch, cls, attr, block in class_patches:
            hits = [blocks for c, blocks in calls
                    if isinstance(c.func, cst.Attribute) and c.func.attr.value == attr
                    and isinstance(c.func.value, cst.Name) and instances.get(c.func.value.value) == cls]
            if hits:
                inside = block is not None and any(id(block) in blocks for blocks in hits)
                self.report(block if inside else patch, f"`{cls}.{attr}` is mocked on the class and then called on an "
                                                        f"instance by the test itself: the assertion checks the mock, "
                                                        "not the code; mock its collaborators instead")
                return True
        return False

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
        if self._instance_patch(node, calls):
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
