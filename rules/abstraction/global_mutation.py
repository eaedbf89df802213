import re

import libcst as cst

from codeaudit.finding import Span
from codeaudit.knowledge.cst_tools import assignment_targets, walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity

#: Containers whose module-level binding is itself the shared state.
_CONTAINER_CALLS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque"}


class GlobalStateMutation(PythonRule):
    """A function that rebinds module-level state through `global`.

    ## What it does
    Reports `global NAME` statements in functions that assign to `NAME`.
    Rebindings done while a lock is held (`with lock:` or between
    `lock.acquire()` and `lock.release()`), and rebindings in functions that
    run on threads (`Thread(target=f)`, `pool.submit(f, ...)`, `pool.map(f, ...)`),
    are left to the concurrency rules: there the state is shared between
    threads and the race is the defect. When the global is a module-level
    container (`_settings = {}`), the finding is placed on that definition:
    the mutable module-level object is the state to remove.

    ## Why is this bad
    Hidden module state couples every caller to call order, breaks under
    threads and in tests (state leaks from one test to the next) and cannot be
    configured per use. Pass the state explicitly or keep it on an object.

    ## Example
    ```python
    _sent = 0

    def send(msg):
        global _sent
        _sent += 1
    ```

    ## Use instead
    ```python
    class Mailer:
        def __init__(self):
            self.sent = 0

        def send(self, msg):
            self.sent += 1
    ```
    """

    code = "ABS005"
    slug = "global-state-mutation"
    category = Category.ABSTRACTION
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"global ",)

    VALID = ["X = 1\ndef f():\n    global X\n    return X\n", "def f():\n    x = 1\n    return x\n"]
    VALID += [
        "import threading\nN = 0\nlock = threading.Lock()\ndef f():\n    global N\n    with lock:\n        N += 1\n",
        "import threading\nN = 0\nlock = threading.Lock()\ndef f():\n    global N\n    lock.acquire()\n    try:\n        N += 1\n    finally:\n        lock.release()\n",
        # thread workers: the unsynchronised counter is a concurrency finding, not an abstraction one
        "import threading\nchecked = 0\ndef worker(q):\n    global checked\n    checked += 1\nthreading.Thread(target=worker, args=(1,)).start()\n",
        "from concurrent.futures import ThreadPoolExecutor\ndone = 0\ndef run(paths):\n    def _one(p):\n        global done\n        done += 1\n    with ThreadPoolExecutor() as pool:\n        pool.map(_one, paths)\n",
        "_cache = {}\ndef get(k):\n    return _cache.get(k)\n",
    ]
    INVALID = [
        "N = 0\ndef f():\n    global N  # expect: ABS005\n    N += 1\n",
        "import threading\nN = 0\nlock = threading.Lock()\ndef f():\n    global N  # expect: ABS005\n    with lock:\n        pass\n    N += 1\n",
        "_settings = {}  # expect: ABS005\ndef load(path):\n    global _settings\n    if _settings:\n        return _settings\n    _settings = read(path)\n    return _settings\n",
        "_handlers: list = []  # expect: ABS005\ndef reset():\n    global _handlers\n    _handlers = []\ndef add(h):\n    global _handlers\n    _handlers = _handlers + [h]\n",
        "import threading\ndone = 0\ndef worker():\n    global done  # expect: ABS005\n    done += 1\ndef report():\n    return worker\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._defs_reported: set[str] = set()

    def visit_Global(self, node: cst.Global) -> None:
        func = self.ctx.function
        if not isinstance(func, cst.FunctionDef):
            return
        if _thread_target(self.ctx.source.text, func.name.value):
            return  # shared between threads: the concurrency rules report the race
        declared = {item.name.value for item in node.names}
        assigned = set()
        for n, guarded in _statements(func.body, False):
            for t in assignment_targets(n):
                if isinstance(t, cst.Name) and t.value in declared and not t.value.startswith("__") and not guarded:
                    assigned.add(t.value)
        if assigned:
            names = ", ".join(sorted(assigned))
            containers = sorted(n for n in assigned if _container_binding(self.ctx.module, n))
            if containers:
                fresh = [name for name in containers if name not in self._defs_reported]
                self._defs_reported.update(containers)
                if fresh:
                    span = _definition_span(self.ctx.source.text, fresh[0])
                    shown = ", ".join(f"`{n}`" for n in fresh)
                    self.report(span or node, f"module-level mutable {shown} is shared state that `{func.name.value}` "
                                              "rebinds via `global`: every caller and test sees it; keep it on an object "
                                              "or pass it in (functools.cache for a lazily built value)")
                return
            lazy = _lazy_init(func, assigned)
            if lazy:
                self.report(node, f"`{func.name.value}` lazily creates a module-level singleton ({names}) via `global`: "
                                  "shared by every caller and test, not thread-safe; consider functools.cache or passing it in",
                            confidence=Confidence.LOW)
                return
            self.report(node, f"`{func.name.value}` rebinds module state ({names}) via `global`: hidden coupling between "
                              "callers, unsafe with threads and tests; pass the state in or keep it on an object")


_LOCK_WORDS = ("lock", "mutex", "semaphore")


def _is_lockish(expr) -> bool:
    code = expr.value if isinstance(expr, cst.Name) else expr.attr.value if isinstance(expr, cst.Attribute) else ""
    return any(word in code.lower() for word in _LOCK_WORDS)


def _lock_call(stmt, method: str) -> bool:
    """`<lock>.acquire()` / `<lock>.release()` as a statement."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1 or not isinstance(stmt.body[0], cst.Expr):
        return False
    call = stmt.body[0].value
    return (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value == method
            and _is_lockish(call.func.value))


def _statements(block, guarded: bool):
    """(small statement, lock held?) for every statement under ``block`` outside nested scopes."""
    body = getattr(block, "body", ())
    if not isinstance(body, (list, tuple)):
        body = (body,)
    for stmt in body:
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            continue
        if _lock_call(stmt, "acquire"):
            guarded = True
        elif _lock_call(stmt, "release"):
            guarded = False
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                yield small, guarded
            continue
        inner = guarded or (isinstance(stmt, cst.With) and any(
            _is_lockish(item.item.func if isinstance(item.item, cst.Call) else item.item) for item in stmt.items))
        yield from _compound(stmt, inner)


def _compound(stmt, guarded: bool):
    for field in ("body", "orelse", "finalbody"):
        part = getattr(stmt, field, None)
        if part is None:
            continue
        if isinstance(part, (cst.Else, cst.Finally, cst.If)):
            yield from (_compound(part, guarded) if isinstance(part, cst.If) else _statements(part.body, guarded))
        else:
            yield from _statements(part, guarded)
    for handler in getattr(stmt, "handlers", ()):
        yield from _statements(handler.body, guarded)


def _lazy_init(func, names: set) -> bool:
    """`if X is None: X = ...` (or `is not None: return X`): a lazily built singleton."""
    for n in walk(func.body):
        if isinstance(n, cst.If) and isinstance(n.test, cst.Comparison):
            test = n.test
            if (
                isinstance(test.left, cst.Name)
                and test.left.value in names
                and len(test.comparisons) == 1
                and isinstance(test.comparisons[0].operator, (cst.Is, cst.IsNot))
                and isinstance(test.comparisons[0].comparator, cst.Name)
                and test.comparisons[0].comparator.value == "None"
            ):
                return True
    return False


def _thread_target(text: str, name: str) -> bool:
    """Is function ``name`` handed to a thread or pool (Thread(target=...), submit/map(...), run_in_executor)?"""
    if name not in text:
        return False
    return re.search(
        rf"(\btarget\s*=\s*|\.(?:submit|map|starmap|imap|imap_unordered|map_async|apply_async)\(\s*"
        rf"|run_in_executor\(\s*[\w.]+\s*,\s*){re.escape(name)}\b",
        text,
    ) is not None


def _container_binding(module, name: str) -> bool:
    """Is ``name`` bound at module level to a container literal or constructor ({}, [], set(), defaultdict(...))?"""
    for stmt in module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, cst.Assign):
                targets, value = [t.target for t in small.targets], small.value
            elif isinstance(small, cst.AnnAssign) and small.value is not None:
                targets, value = [small.target], small.value
            else:
                continue
            if any(isinstance(t, cst.Name) and t.value == name for t in targets):
                if isinstance(value, (cst.Dict, cst.List, cst.Set, cst.DictComp, cst.ListComp, cst.SetComp)):
                    return True
                func = value.func if isinstance(value, cst.Call) else None
                callee = func.value if isinstance(func, cst.Name) else func.attr.value if isinstance(func, cst.Attribute) else ""
                return callee in _CONTAINER_CALLS
    return False


def _definition_span(text: str, name: str) -> Span | None:
    """The line of the module-level `name = ...` statement (column 0), found in the text."""
    match = re.search(rf"^{re.escape(name)}\s*(?::[^=\n]*)?=(?!=)[^\n]*", text, re.M)
    if match is None:
        return None
    line = text.count("\n", 0, match.start()) + 1
    return Span(line, 1, line, len(match.group(0).rstrip()) + 1)
