import libcst as cst

from codeaudit.concurrency.index import dotted, module_index, walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_NESTED = (cst.FunctionDef, cst.Lambda, cst.ClassDef)


class ThreadLockInAsync(PythonRule):
    """`with <threading lock>:` inside `async def` blocks the event loop.

    ## What it does
    Reports a plain `with` on a `threading.Lock`/`RLock`/`Semaphore`/`Condition`
    or `multiprocessing.Lock` (a name or attribute this module binds to one)
    inside a coroutine. It is a deadlock when the block contains an `await`:
    another coroutine on the same loop that reaches the `with` blocks the whole
    loop thread, and the holder can never resume to release it. `async with` on an
    `asyncio.Lock`, a `with` in a nested sync function (run in a thread), and
    `with` on objects not known to be thread locks are not reported. Without an
    `await` in the block, a lock that synchronous code of the module also takes
    is a deliberate, brief section shared with threads and stays silent; a lock
    only taken from coroutines is reported with low confidence (a wrong primitive
    that stalls the loop only under contention).

    ## Why is this bad
    `with lock:` calls the blocking `lock.acquire()`. While a worker thread holds
    the lock, the entire event loop (every request, every timer) stops. With an
    `await` inside the block it is worse: the lock is held across a suspension,
    so the next coroutine to try it freezes the loop forever.

    ## Example
    ```python
    class Cache:
        def __init__(self):
            self._lock = threading.Lock()

        async def get(self, key):
            with self._lock:
                if key not in self._data:
                    self._data[key] = await self._load(key)
            return self._data[key]
    ```

    ## Use instead
    ```python
    self._lock = asyncio.Lock()
    ...
    async with self._lock:
        ...
    # state shared with threads: `await asyncio.to_thread(self._update_locked, key)`
    ```
    """

    code = "CON025"
    slug = "thread-lock-in-async"
    category = Category.CONCURRENCY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    triggers = (b"Lock", b"Semaphore", b"Condition")

    VALID = [
        "import asyncio\nclass C:\n    def __init__(self):\n        self._lock = asyncio.Lock()\n"
        "    async def f(self, load):\n        async with self._lock:\n            return await load()\n",
        "import threading\nlock = threading.Lock()\ndef bump(d):\n    with lock:\n        d['n'] += 1\n",
        # a nested sync function run in a worker thread
        "import asyncio, threading\nlock = threading.Lock()\nasync def f(d):\n    def work():\n        with lock:\n"
        "            d['n'] += 1\n    await asyncio.to_thread(work)\n",
        # a brief section on a lock that sync code (threads) also takes, no await inside
        "import threading\nlock = threading.Lock()\ndef bump(d):\n    with lock:\n        d['n'] += 1\n"
        "async def read(d):\n    with lock:\n        return d['n']\n",
        # an unknown context manager named like a lock
        "async def f(self, conn):\n    with self.lock_file:\n        await conn.send(b'x')\n",
        # same attribute name bound to an asyncio lock elsewhere: ambiguous, silent
        "import asyncio, threading\nclass A:\n    def __init__(self):\n        self._lock = asyncio.Lock()\n"
        "class B:\n    def __init__(self):\n        self._lock = threading.Lock()\n"
        "async def f(a):\n    with a._lock:\n        pass\n",
    ]
    INVALID = [
        "import threading\nclass Cache:\n    def __init__(self):\n        self._lock = threading.Lock()\n"
        "        self._data = {}\n    async def get(self, key, load):\n"
        "        with self._lock:  # expect: CON025\n            if key not in self._data:\n"
        "                self._data[key] = await load(key)\n        return self._data[key]\n",
        "import threading\n_stats_lock = threading.RLock()\nasync def record(stats, name):\n"
        "    with _stats_lock:  # expect: CON025\n        stats[name] = stats.get(name, 0) + 1\n",
    ]

    def visit_With(self, node: cst.With) -> None:
        if node.asynchronous is not None or not self.ctx.in_async_function:
            return
        index = module_index(self.ctx)
        for item in node.items:
            key = dotted(item.item)
            if not key:
                continue
            if not self._is_thread_lock(index, key):
                continue
            holds_await = any(isinstance(n, cst.Await) or (isinstance(n, cst.With) and n.asynchronous is not None)
                              or (isinstance(n, cst.For) and n.asynchronous is not None)
                              for n in walk(node.body, stop=_NESTED))
            if holds_await:
                self.report(node, f"`with {key}:` takes a threading lock inside `async def` and holds it across an "
                                  "`await`: the next coroutine that reaches this lock blocks the event-loop thread "
                                  "while the holder can never resume to release it (deadlock); use `asyncio.Lock` "
                                  "with `async with`", severity=Severity.HIGH, confidence=Confidence.HIGH)
            elif key not in self._used_in_sync_code():
                self.report(node, f"`with {key}:` acquires a threading lock inside `async def`, and no synchronous "
                                  "code of this module uses it: coroutines on one loop never need a thread lock, and "
                                  "if another thread holds it the whole event loop stalls; use `asyncio.Lock` "
                                  "(`async with`)", severity=Severity.LOW, confidence=Confidence.LOW)
            return

    def _used_in_sync_code(self) -> set[str]:
        """Lock expressions taken by `with` in synchronous functions (state deliberately shared with threads)."""
        cached = self.ctx.__dict__.get("_con025_sync_with")
        if cached is None:
            cached = set()
            for func in walk(self.ctx.module):
                if isinstance(func, cst.FunctionDef) and func.asynchronous is None:
                    for n in walk(func.body, stop=_NESTED):
                        if isinstance(n, cst.With) and n.asynchronous is None:
                            cached.update(dotted(i.item) for i in n.items)
            self.ctx.__dict__["_con025_sync_with"] = cached
        return cached

    @staticmethod
    def _is_thread_lock(index, key: str) -> bool:
        if key in index.async_locks:
            return False
        if key in index.sync_locks:
            return True
        # `self._lock` bound in __init__ is recorded as "self._lock"; `obj._lock` matches by attribute name only
        # when no asyncio lock shares that attribute name.
        attr = key.rsplit(".", 1)[-1]
        if "." not in key:
            return False
        sync = {k.rsplit(".", 1)[-1] for k in index.sync_locks}
        asyn = {k.rsplit(".", 1)[-1] for k in index.async_locks}
        return attr in sync and attr not in asyn
