import libcst as cst

from codeaudit.concurrency.index import module_index
from codeaudit.concurrency.tables import COROUTINE_APIS
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class CoroutineNotAwaited(PythonRule):
    """A coroutine is called but never awaited.

    ## What it does
    Reports call statements whose result is dropped when the callee is an
    `async def` of the same module (or an async method of the same class via
    `self.`) or a well-known coroutine API (`asyncio.sleep`, `asyncio.wait_for`,
    `asyncio.gather`, ...).

    ## Why is this bad
    Calling a coroutine function only creates a coroutine object; nothing runs.
    The email is never sent, the sleep never happens, and Python merely prints
    "coroutine ... was never awaited" at garbage collection time.

    ## Example
    ```python
    async def notify(order):
        send_email(order)        # async def send_email(...)
    ```

    ## Use instead
    ```python
    async def notify(order):
        await send_email(order)
    ```
    """

    code = "CON004"
    slug = "coroutine-not-awaited"
    category = Category.CONCURRENCY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    triggers = (b"async",)

    VALID = [
        "async def send():\n    pass\nasync def main():\n    await send()\n",
        "import asyncio\nasync def send():\n    pass\nasync def main():\n    task = asyncio.create_task(send())\n    await task\n",
        "def send():\n    pass\nasync def main():\n    send()\n",
        "class A:\n    async def close(self):\n        pass\nclass B:\n    def close(self):\n        pass\n    def stop(self):\n        self.close()\n",
        "import asyncio\nasync def main():\n    await asyncio.sleep(1)\n",
        "async def send():\n    pass\ndef schedule(loop):\n    return send()\n",
    ]
    INVALID = [
        "async def send(x):\n    pass\nasync def main():\n    send(1)  # expect: CON004\n",
        "import asyncio\nasync def main():\n    asyncio.sleep(1)  # expect: CON004\n",
        "class Client:\n    async def close(self):\n        pass\n    async def stop(self):\n        self.close()  # expect: CON004\n",
    ]

    def visit_Expr(self, node: cst.Expr) -> None:
        call = node.value
        if not isinstance(call, cst.Call):
            return
        func = call.func
        index = module_index(self.ctx)
        if isinstance(func, cst.Name) and func.value in index.async_funcs and func.value not in self.ctx.imports:
            what = func.value
        elif (
            isinstance(func, cst.Attribute)
            and isinstance(func.value, cst.Name)
            and func.value.value == "self"
            and self.ctx.class_def is not None
            and func.attr.value in index.async_methods.get(self.ctx.class_def.name.value, ())
        ):
            what = f"self.{func.attr.value}"
        elif self.ctx.call_name(call) in COROUTINE_APIS:
            what = self.ctx.call_name(call)
        else:
            return
        self.report(call, f"`{what}()` returns a coroutine that is never awaited, so it never runs; "
                          f"`await` it (or keep a task with `asyncio.create_task`)")
