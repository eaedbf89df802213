import libcst as cst

from codeaudit.concurrency.tables import LOCK_TYPES
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class FreshLockInWith(PythonRule):
    """`with threading.Lock():` — a brand-new lock that nobody else can hold.

    ## What it does
    Reports `with` statements whose context manager is a lock, semaphore or
    condition constructed right there (`threading.Lock()`, `RLock()`,
    `asyncio.Lock()`, `multiprocessing.Lock()`, ...).

    ## Why is this bad
    Each execution creates its own lock, so the block is never contended and
    protects nothing. The code looks synchronised while every thread runs the
    critical section at once.

    ## Example
    ```python
    def _record(self, entry):
        with threading.Lock():
            self._journal.append(entry)
    ```

    ## Use instead
    ```python
    def _record(self, entry):
        with self._journal_lock:      # created once in __init__
            self._journal.append(entry)
    ```
    """

    code = "CON013"
    slug = "fresh-lock-in-with"
    category = Category.CONCURRENCY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    triggers = (b"Lock(", b"Semaphore(", b"Condition(")

    VALID = [
        "import threading\nlock = threading.Lock()\ndef f(items, x):\n    with lock:\n        items.append(x)\n",
        "import threading\nclass C:\n    def __init__(self):\n        self._lock = threading.Lock()\n"
        "    def f(self):\n        with self._lock:\n            pass\n",
    ]
    INVALID = [
        "import threading\ndef f(items, x):\n    with threading.Lock():  # expect: CON013\n        items.append(x)\n",
        "from threading import RLock\ndef f(items, x):\n    with RLock() as guard:  # expect: CON013\n        items.append(x)\n",
        "import asyncio\nasync def f(items, x):\n    async with asyncio.Lock():  # expect: CON013\n        items.append(x)\n",
    ]

    def visit_With(self, node: cst.With) -> None:
        for item in node.items:
            if isinstance(item.item, cst.Call) and self.ctx.call_name(item.item) in LOCK_TYPES:
                name = self.ctx.call_name(item.item)
                self.report(node, f"`with {name}()` creates a new lock on every execution, so no other thread ever "
                                  "contends for it and nothing is protected; create the lock once (module level "
                                  "or in `__init__`) and share it")
                return
