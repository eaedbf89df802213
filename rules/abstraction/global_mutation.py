import libcst as cst

from codeaudit.knowledge.cst_tools import assignment_targets, walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class GlobalStateMutation(PythonRule):
    """A function that rebinds module-level state through `global`.

    ## What it does
    Reports `global NAME` statements in functions that assign to `NAME`.
    Rebindings done while a lock is held (`with lock:` or between
    `lock.acquire()` and `lock.release()`) are left to the concurrency rules:
    the state is deliberately shared between threads and guarded.

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
    ]
    INVALID = [
        "N = 0\ndef f():\n    global N  # expect: ABS005\n    N += 1\n",
        "import threading\nN = 0\nlock = threading.Lock()\ndef f():\n    global N  # expect: ABS005\n    with lock:\n        pass\n    N += 1\n",
    ]

    def visit_Global(self, node: cst.Global) -> None:
        func = self.ctx.function
        if not isinstance(func, cst.FunctionDef):
            return
        declared = {item.name.value for item in node.names}
        assigned = set()
        for n, guarded in _statements(func.body, False):
            for t in assignment_targets(n):
                if isinstance(t, cst.Name) and t.value in declared and not t.value.startswith("__") and not guarded:
                    assigned.add(t.value)
        if assigned:
            names = ", ".join(sorted(assigned))
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
