import libcst as cst

from codeaudit.knowledge.cst_tools import walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity


def _subscript_of(node, name: str) -> bool:
    return isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and node.value.value == name


class HandRolledMemo(PythonRule):
    """A module-level dict used as a hand-written memoisation cache.

    ## What it does
    Reports a module-level `NAME = {}` that a function uses as a cache: it
    checks `key in NAME` / `NAME.get(key)`, returns `NAME[key]` and stores
    `NAME[key] = value`.

    ## Why is this bad
    `functools.lru_cache`/`functools.cache` does this in one line, with a size
    bound, `cache_clear()` for tests and thread-safe bookkeeping. The hand-made
    version grows forever and leaks state between tests.

    ## Example
    ```python
    _zone_cache = {}

    def zone_for(country):
        if country in _zone_cache:
            return _zone_cache[country]
        zone = compute(country)
        _zone_cache[country] = zone
        return zone
    ```

    ## Use instead
    ```python
    @functools.lru_cache(maxsize=1024)
    def zone_for(country):
        return compute(country)
    ```
    """

    code = "ABS008"
    slug = "hand-rolled-memo"
    category = Category.ABSTRACTION
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"= {}", b"dict()")

    VALID = [
        "REGISTRY = {}\ndef register(name, fn):\n    REGISTRY[name] = fn\n",
        "from functools import lru_cache\n@lru_cache(maxsize=None)\ndef f(x):\n    return x * 2\n",
    ]
    INVALID = [
        "_c = {}  # expect: ABS008\ndef f(k):\n    if k in _c:\n        return _c[k]\n    v = k * 2\n    _c[k] = v\n    return v\n",
    ]

    def visit_Module(self, node: cst.Module) -> None:
        candidates = {}
        for stmt in node.body:
            if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Assign):
                assign = stmt.body[0]
                value = assign.value
                empty = (isinstance(value, cst.Dict) and not value.elements) or (
                    isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "dict" and not value.args
                )
                if empty and len(assign.targets) == 1 and isinstance(assign.targets[0].target, cst.Name):
                    candidates[assign.targets[0].target.value] = stmt
        if not candidates:
            return
        for func in node.body:
            if not isinstance(func, cst.FunctionDef):
                continue
            for name, stmt in list(candidates.items()):
                checked = returned = stored = False
                for n in walk(func):
                    if isinstance(n, cst.Comparison) and any(
                        isinstance(c.operator, cst.In) and isinstance(c.comparator, cst.Name) and c.comparator.value == name
                        for c in n.comparisons
                    ):
                        checked = True
                    elif isinstance(n, cst.Return) and n.value is not None and _subscript_of(n.value, name):
                        returned = True
                    elif isinstance(n, cst.Assign) and any(_subscript_of(t.target, name) for t in n.targets):
                        stored = True
                if checked and returned and stored:
                    self.report(
                        stmt,
                        f"`{name}` is a hand-written memo cache for `{func.name.value}()`: unbounded and never cleared; "
                        "use @functools.lru_cache(maxsize=...) on the function",
                    )
                    del candidates[name]
