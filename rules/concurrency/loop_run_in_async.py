import libcst as cst

from codeaudit.concurrency.index import in_test, module_index, resolve, walk
from codeaudit.concurrency.tables import LOOP_METHODS, LOOP_RUNNERS
from codeaudit.rule import Category, Confidence, PythonRule, Severity


#: A wrapper that mentions these checks for a running loop or moves the work to another thread.
_GUARDS = ("get_running_loop", "_get_running_loop", "is_running()", "Thread(", "run_in_executor", "to_thread",
           "nest_asyncio")


def _local_names(func) -> set[str]:
    if not isinstance(func, cst.FunctionDef):
        return set()
    p = func.params
    return {x.name.value for x in (*p.posonly_params, *p.params, *p.kwonly_params)}


class LoopRunInAsync(PythonRule):
    """`asyncio.run()` or `loop.run_until_complete()` inside a coroutine.

    ## What it does
    Reports `asyncio.run(...)`, `loop.run_until_complete(...)` and
    `loop.run_forever()` called in an `async def`, where an event loop is
    already running, and direct calls from an `async def` to a synchronous
    function of the same module that itself starts a loop that way (unless that
    helper checks for a running loop or hands the work to a thread).

    ## Why is this bad
    A thread can run only one event loop. Inside a coroutine these calls raise
    `RuntimeError: asyncio.run() cannot be called from a running event loop`
    (or "This event loop is already running") the first time the path is hit,
    typically in production rather than in the synchronous test that was tried.

    ## Example
    ```python
    async def handle_batch(orders):
        asyncio.run(notify_all(orders))
    ```

    ## Use instead
    ```python
    async def handle_batch(orders):
        await notify_all(orders)
    ```
    """

    code = "CON006"
    slug = "loop-run-in-async"
    category = Category.CONCURRENCY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    triggers = (b"run",)

    VALID = [
        # the sync wrapper runs in a worker thread, or is only called from sync code
        "import asyncio\nasync def send(ev):\n    pass\ndef send_sync(ev):\n    asyncio.run(send(ev))\n"
        "async def consume(ev):\n    await asyncio.to_thread(send_sync, ev)\ndef main(ev):\n    send_sync(ev)\n",
        "import asyncio\ndef run_sync(coro):\n    try:\n        asyncio.get_running_loop()\n    except RuntimeError:\n"
        "        return asyncio.run(coro)\n    raise RuntimeError('use await')\nasync def f(c):\n    return run_sync(c)\n",
        "import asyncio\ndef helper():\n    async def inner():\n        pass\n    return inner\nasync def f():\n    helper()\n",
        # a parameter (pytest fixture / callback) that shadows a module-level loop-running function
        "import asyncio\ndef make_runner(loop):\n    return loop.run_until_complete(start())\n"
        "async def check(make_runner):\n    runner = make_runner()\n",
        "import asyncio\nasync def main():\n    pass\nif __name__ == '__main__':\n    asyncio.run(main())\n",
        "import asyncio\ndef sync_entry(coro):\n    loop = asyncio.new_event_loop()\n    return loop.run_until_complete(coro)\n",
        "import asyncio\nasync def f(coro):\n    def in_thread():\n        return asyncio.run(coro)\n"
        "    return await asyncio.to_thread(in_thread)\n",
    ]
    INVALID = [
        "import asyncio\nasync def f(coro):\n    return asyncio.run(coro)  # expect: CON006\n",
        # one step removed: a sync wrapper that starts its own loop, called from a coroutine
        "import asyncio\nasync def send(ev):\n    pass\ndef send_sync(ev):\n    asyncio.run(send(ev))\n"
        "async def consume(q):\n    while True:\n        ev = await q.get()\n        send_sync(ev)  # expect: CON006\n",
        "import asyncio\nclass Svc:\n    def refresh_blocking(self):\n        loop = asyncio.new_event_loop()\n"
        "        return loop.run_until_complete(self.refresh())\n    async def refresh(self):\n        pass\n"
        "    async def handle(self):\n        return self.refresh_blocking()  # expect: CON006\n",
        "import asyncio\nasync def f(coro):\n    loop = asyncio.get_running_loop()\n"
        "    return loop.run_until_complete(coro)  # expect: CON006\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if not self.ctx.in_async_function:
            return
        name = self.ctx.call_name(node)
        if name in LOOP_RUNNERS:
            what = name
        elif isinstance(node.func, cst.Attribute) and node.func.attr.value in LOOP_METHODS:
            what = f"loop.{node.func.attr.value}"
        else:
            self._check_wrapper(node)
            return
        self.report(node, f"`{what}()` inside `async def` raises RuntimeError because a loop is already running; "
                          "`await` the coroutine instead")

    def _check_wrapper(self, node: cst.Call) -> None:
        """A call to a same-module sync function that starts its own event loop."""
        if not isinstance(node.func, (cst.Name, cst.Attribute)):
            return
        data = self.ctx.source.data
        if b"run_until_complete" not in data and b"run_forever" not in data and b".run(" not in data:
            return
        if isinstance(self.ctx.parent, cst.Await) or in_test(self.ctx):
            return  # an awaited call is not the sync wrapper we think it is; tests drive loops on purpose
        if isinstance(node.func, cst.Name) and node.func.value in _local_names(self.ctx.function):
            return  # a parameter (a pytest fixture, a callback) shadows the module's function
        index = module_index(self.ctx)
        cls = self.ctx.class_def.name.value if self.ctx.class_def is not None else None
        for info in resolve(index, node.func, cls):
            if info.node.asynchronous is not None or info.nested or info.node.decorators:
                continue
            runner = self._starts_loop(info.node)
            if runner:
                self.report(node, f"`{self.ctx.code_of(node.func)}()` starts its own event loop with `{runner}()`, "
                                  "which raises RuntimeError when called from this coroutine (a loop is already "
                                  "running); await the underlying coroutine instead")
                return

    def _starts_loop(self, func: cst.FunctionDef) -> str:
        cache = self.__dict__.setdefault("_runners", {})
        key = id(func)
        if key not in cache:
            found = ""
            code = None
            for n in walk(func.body, stop=(cst.FunctionDef, cst.Lambda, cst.ClassDef)):
                if not isinstance(n, cst.Call):
                    continue
                if self.ctx.call_name(n) in LOOP_RUNNERS:
                    found = self.ctx.call_name(n)
                elif isinstance(n.func, cst.Attribute) and n.func.attr.value in LOOP_METHODS:
                    found = f"loop.{n.func.attr.value}"
                if found:
                    break
            if found:
                code = self.ctx.code_of(func)
                if any(w in code for w in _GUARDS):
                    found = ""
            cache[key] = found
        return cache[key]
