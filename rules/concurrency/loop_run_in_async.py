import libcst as cst

from codeaudit.concurrency.tables import LOOP_METHODS, LOOP_RUNNERS
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class LoopRunInAsync(PythonRule):
    """`asyncio.run()` or `loop.run_until_complete()` inside a coroutine.

    ## What it does
    Reports `asyncio.run(...)`, `loop.run_until_complete(...)` and
    `loop.run_forever()` called in an `async def`, where an event loop is
    already running.

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
        "import asyncio\nasync def main():\n    pass\nif __name__ == '__main__':\n    asyncio.run(main())\n",
        "import asyncio\ndef sync_entry(coro):\n    loop = asyncio.new_event_loop()\n    return loop.run_until_complete(coro)\n",
        "import asyncio\nasync def f(coro):\n    def in_thread():\n        return asyncio.run(coro)\n"
        "    return await asyncio.to_thread(in_thread)\n",
    ]
    INVALID = [
        "import asyncio\nasync def f(coro):\n    return asyncio.run(coro)  # expect: CON006\n",
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
            return
        self.report(node, f"`{what}()` inside `async def` raises RuntimeError because a loop is already running; "
                          "`await` the coroutine instead")
