import libcst as cst

from codeaudit.rule import Category, Confidence, PythonRule, Severity


class BlockingSleepInAsync(PythonRule):
    """`time.sleep()` inside an `async def`.

    ## What it does
    Reports `time.sleep` calls made directly in a coroutine.

    ## Why is this bad
    `time.sleep` blocks the whole event loop: every other task, request and
    timeout stalls for the duration. Assistants port synchronous retry loops into
    async code and keep the blocking sleep.

    ## Example
    ```python
    async def poll(client):
        while not await client.ready():
            time.sleep(1)
    ```

    ## Use instead
    ```python
    async def poll(client):
        while not await client.ready():
            await asyncio.sleep(1)
    ```
    """

    code = "CON001"
    slug = "blocking-sleep-in-async"
    category = Category.CONCURRENCY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    triggers = (b"sleep",)

    VALID = [
        "import asyncio\nasync def f():\n    await asyncio.sleep(1)\n",
        "import time\ndef f():\n    time.sleep(1)\n",
        "import time, asyncio\nasync def f():\n    await asyncio.to_thread(time.sleep, 1)\n",
        "import time\nasync def f():\n    def work():\n        time.sleep(1)\n    return work\n",
    ]
    INVALID = [
        "import time\nasync def f():\n    time.sleep(1)  # expect: CON001\n",
        "from time import sleep as nap\nasync def f():\n    for _ in range(3):\n        nap(0.5)  # expect: CON001\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if self.ctx.in_async_function and self.ctx.call_name(node) == "time.sleep":
            self.report(node, "time.sleep() blocks the event loop; use `await asyncio.sleep()`")
