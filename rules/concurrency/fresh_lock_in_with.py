import libcst as cst

from codeaudit.concurrency.index import walk
from codeaudit.concurrency.tables import LOCK_TYPES
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class FreshLockInWith(PythonRule):
    """`with threading.Lock():` — a brand-new lock that nobody else can hold.

    ## What it does
    Reports `with` statements whose context manager is a lock, semaphore or
    condition constructed right there (`threading.Lock()`, `RLock()`,
    `asyncio.Lock()`, `multiprocessing.Lock()`, ...), and a lock assigned to a
    local variable whose only uses are `with`/`async with` blocks of the same
    call (it is not passed to threads or tasks, stored, returned or used by a
    nested function, so no other execution can ever see it).

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
        # a local lock handed to the workers (or shared with nested tasks) is shared
        "import threading\ndef f(items, work):\n    lock = threading.Lock()\n"
        "    ts = [threading.Thread(target=work, args=(items, lock)) for _ in range(4)]\n"
        "    with lock:\n        items.clear()\n    return ts\n",
        "import asyncio\nasync def f(jobs):\n    sem = asyncio.Semaphore(4)\n    async def one(j):\n"
        "        async with sem:\n            await j()\n    await asyncio.gather(*(one(j) for j in jobs))\n",
        "import threading\nclass C:\n    def __init__(self):\n        lock = threading.Lock()\n        self._lock = lock\n"
        "        with lock:\n            self.n = 0\n",
        "import threading\ndef make(items):\n    lock = threading.Lock()\n    def add(x):\n        with lock:\n"
        "            items.append(x)\n    return add\n",
    ]
    INVALID = [
        "import threading\ndef f(items, x):\n    with threading.Lock():  # expect: CON013\n        items.append(x)\n",
        "from threading import RLock\ndef f(items, x):\n    with RLock() as guard:  # expect: CON013\n        items.append(x)\n",
        "import asyncio\nasync def f(items, x):\n    async with asyncio.Lock():  # expect: CON013\n        items.append(x)\n",
        "import asyncio\nclass Bucket:\n    async def take(self):\n        lock = asyncio.Lock()  # expect: CON013\n"
        "        async with lock:\n            self.tokens -= 1\n",
        "import threading\ndef record(journal, entry):\n    guard = threading.RLock()  # expect: CON013\n"
        "    with guard:\n        journal.append(entry)\n    with guard:\n        journal.flush()\n",
    ]

    def visit_With(self, node: cst.With) -> None:
        for item in node.items:
            if isinstance(item.item, cst.Call) and self.ctx.call_name(item.item) in LOCK_TYPES:
                name = self.ctx.call_name(item.item)
                self.report(node, f"`with {name}()` creates a new lock on every execution, so no other thread ever "
                                  "contends for it and nothing is protected; create the lock once (module level "
                                  "or in `__init__`) and share it")
                return

    def visit_Assign(self, node: cst.Assign) -> None:
        """`lock = threading.Lock()` in a function whose only uses of `lock` are `with lock:` blocks."""
        func = self.ctx.function
        if (func is None or not isinstance(node.value, cst.Call) or len(node.targets) != 1
                or not isinstance(node.targets[0].target, cst.Name)):
            return
        name = self.ctx.call_name(node.value)
        if name not in LOCK_TYPES:
            return
        var = node.targets[0].target.value
        with_uses = 0
        for n in walk(func.body, stop=(cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            if isinstance(n, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
                if any(isinstance(m, cst.Name) and m.value == var for m in walk(n)):
                    return  # a nested function or task shares the lock
            elif isinstance(n, cst.With):
                with_uses += sum(isinstance(i.item, cst.Name) and i.item.value == var for i in n.items)
            elif isinstance(n, cst.Name) and n.value == var:
                continue
            elif isinstance(n, (cst.Global, cst.Nonlocal)):
                if any(a.name.value == var for a in n.names):
                    return
        names = sum(isinstance(n, cst.Name) and n.value == var
                    for n in walk(func.body, stop=(cst.FunctionDef, cst.Lambda, cst.ClassDef)))
        # every mention is the assignment target or a `with` item: nothing else can ever hold this lock
        if with_uses and names == with_uses + 1:
            self.report(node, f"`{var} = {name}()` makes a new lock on every call and it is only used by this call's "
                              f"`with {var}:`, so no other thread or task ever contends for it and nothing is "
                              "protected; create the lock once (module level or in `__init__`) and share it")
