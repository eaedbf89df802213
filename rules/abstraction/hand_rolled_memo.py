import re

import libcst as cst

from codeaudit.knowledge.cst_tools import walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity


def _subscript_of(node, name: str) -> bool:
    return isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and node.value.value == name


class HandRolledMemo(PythonRule):
    """A module-level dict used as a hand-written memoisation cache.

    ## What it does
    Reports a module-level `NAME = {}` that a function uses as a cache: it
    checks `key in NAME` / `key not in NAME`, returns `NAME[key]` and stores
    `NAME[key] = value`. A decorator whose returned wrapper does the same with
    a module-level or decorator-local dict (a home-made `functools.cache`) is
    reported at the wrapper's membership test. A module-level cache that the
    file clears or replaces elsewhere (`NAME.clear()`, `NAME = {}` in a reset
    function) is managed on purpose and left alone.

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
        # a cache that is reset on purpose (e.g. when settings change) is managed, not leaked
        "_fmt = {}\ndef reset():\n    global _fmt\n    _fmt = {}\ndef fmt(lang):\n    if lang not in _fmt:\n        _fmt[lang] = load(lang)\n    return _fmt[lang]\n",
        # a decorator that counts calls in a dict is not a cache
        "def counted(fn):\n    calls = {}\n    def wrapper(*args):\n        calls[fn.__name__] = calls.get(fn.__name__, 0) + 1\n        return fn(*args)\n    return wrapper\n",
        # a registry decorator stores but never returns from the dict
        "HANDLERS = {}\ndef handler(name):\n    def register(fn):\n        if name in HANDLERS:\n            raise ValueError(name)\n        HANDLERS[name] = fn\n        return fn\n    return register\n",
    ]
    INVALID = [
        "_c = {}  # expect: ABS008\ndef f(k):\n    if k in _c:\n        return _c[k]\n    v = k * 2\n    _c[k] = v\n    return v\n",
        "_memo = {}\ndef cached(fn):\n    def wrapper(*args):\n        if args not in _memo:  # expect: ABS008\n            _memo[args] = fn(*args)\n        return _memo[args]\n    return wrapper\n",
        "def memoize(fn):\n    cache = dict()\n    def inner(key):\n        if key in cache:  # expect: ABS008\n            return cache[key]\n        cache[key] = result = fn(key)\n        return result\n    return inner\n",
        "_rates = {}  # expect: ABS008\ndef rate(cur):\n    if cur not in _rates:\n        _rates[cur] = fetch(cur)\n    return _rates[cur]\n",
    ]

    def visit_Module(self, node: cst.Module) -> None:
        candidates = {}
        for stmt in node.body:
            name = _empty_dict_binding(stmt)
            if name:
                candidates[name] = stmt
        for func in node.body:
            if not isinstance(func, cst.FunctionDef):
                continue
            self._decorator(func, candidates)
            for name, stmt in list(candidates.items()):
                if _memo_check(func, name) is not None and not _managed(self.ctx.source.text, name):
                    self.report(
                        stmt,
                        f"`{name}` is a hand-written memo cache for `{func.name.value}()`: unbounded, and resetting it means "
                        "reaching into the module; use @functools.lru_cache(maxsize=...) on the function (cache_clear() to reset)",
                    )
                    del candidates[name]

    def _decorator(self, func: cst.FunctionDef, candidates: dict) -> None:
        """`def deco(fn): cache = {}; def wrapper(*args): if args not in cache: ...; return wrapper`."""
        body = func.body.body if isinstance(func.body, cst.IndentedBlock) else ()
        returned = {
            small.value.value
            for stmt in body if isinstance(stmt, cst.SimpleStatementLine)
            for small in stmt.body if isinstance(small, cst.Return) and isinstance(small.value, cst.Name)
        }
        inners = [s for s in body if isinstance(s, cst.FunctionDef) and s.name.value in returned]
        if not inners:
            return
        local = {name for name in map(_empty_dict_binding, body) if name}
        for inner in inners:
            for name in sorted(local | set(candidates)):
                check = _memo_check(inner, name)
                if check is None:
                    continue
                candidates.pop(name, None)
                self.report(
                    check,
                    f"decorator `{func.name.value}` hand-rolls functools.cache with the dict `{name}`: unbounded, never "
                    "cleared, unsafe under threads; use @functools.lru_cache(maxsize=...) / @functools.cache instead",
                )
                return


def _managed(text: str, name: str) -> bool:
    """Is the cache cleared or replaced somewhere in the file (`NAME.clear()`, an indented `NAME = {}`)?

    Then its lifetime is managed on purpose (e.g. reset when settings change), not an unbounded accident.
    """
    return re.search(rf"\b{re.escape(name)}\.(clear|pop|popitem)\(|^[ \t]+{re.escape(name)}\s*=[^=]", text, re.M) is not None


def _empty_dict_binding(stmt) -> str | None:
    """NAME of a `NAME = {}` / `NAME = dict()` statement."""
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Assign)):
        return None
    assign = stmt.body[0]
    value = assign.value
    empty = (isinstance(value, cst.Dict) and not value.elements) or (
        isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "dict" and not value.args
    )
    if empty and len(assign.targets) == 1 and isinstance(assign.targets[0].target, cst.Name):
        return assign.targets[0].target.value
    return None


def _memo_check(func, name: str):
    """The membership test of a memo pattern on dict ``name`` inside ``func`` (check, return NAME[k], store), or None."""
    checked = None
    returned = stored = False
    for n in walk(func):
        if isinstance(n, cst.Comparison) and any(
            isinstance(c.operator, (cst.In, cst.NotIn)) and isinstance(c.comparator, cst.Name) and c.comparator.value == name
            for c in n.comparisons
        ):
            checked = checked or n
        elif isinstance(n, cst.Return) and n.value is not None and _subscript_of(n.value, name):
            returned = True
        elif isinstance(n, cst.Assign) and any(_subscript_of(t.target, name) for t in n.targets):
            stored = True
    return checked if checked is not None and returned and stored else None
