import libcst as cst

from codeaudit.concurrency.index import coroutine_index, dotted, module_index, walk
from codeaudit.concurrency.tables import COROUTINE_APIS
from codeaudit.rule import Category, Confidence, Known, PythonRule, Severity


class CoroutineNotAwaited(PythonRule):
    """A coroutine is called but never awaited.

    ## What it does
    Reports call statements whose result is dropped when the callee is an
    `async def` of the same module (or an async method of the same class via
    `self.`), a well-known coroutine API (`asyncio.sleep`, `asyncio.wait_for`,
    `asyncio.gather`, ...) or `close()` of an aiohttp/httpx async client, and
    assignments `x = coro_fn(...)` whose `x` is then used as a value without
    ever being awaited or scheduled.

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
        "import asyncio\nasync def load(u):\n    pass\nasync def f(u):\n    coro = load(u)\n    return await asyncio.wait_for(coro, 5)\n",
        "import aiohttp\nasync def f():\n    s = aiohttp.ClientSession()\n    try:\n        pass\n    finally:\n        await s.close()\n",
    ]
    INVALID = [
        "async def send(x):\n    pass\nasync def main():\n    send(1)  # expect: CON004\n",
        "import asyncio\nasync def main():\n    asyncio.sleep(1)  # expect: CON004\n",
        "async def load(u):\n    pass\nasync def f(u):\n    data = load(u)  # expect: CON004\n    return data['x']\n",
        "import aiohttp\nclass C:\n    def __init__(self):\n        self.http = aiohttp.ClientSession()\n"
        "    async def stop(self):\n        self.http.close()  # expect: CON004\n",
        "class Client:\n    async def close(self):\n        pass\n    async def stop(self):\n        self.close()  # expect: CON004\n",
    ]

    @property
    def _has_async_clients(self) -> bool:
        data = self.ctx.source.data
        return b"ClientSession" in data or b"AsyncClient" in data

    def _coroutine_call(self, call: cst.Call) -> str | None:
        """What the call names when it returns a coroutine, else None."""
        func = call.func
        index = coroutine_index(self.ctx)
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
        elif (isinstance(func, cst.Attribute) and func.attr.value == "close" and self._has_async_clients
              and dotted(func.value) in module_index(self.ctx).async_clients):
            what = f"{dotted(func.value)}.close"
        else:
            return None
        return what

    KNOWN = [
        Known(
            "class Client:\n    async def close(self):\n        pass\nasync def main():\n    c = Client()\n"
            "    c.close()  # expect: CON004\n",
            "calls on instances other than `self` are not typed: the rule does not know `c` is a Client",
        ),
    ]

    def visit_Expr(self, node: cst.Expr) -> None:
        call = node.value
        if not isinstance(call, cst.Call):
            return
        what = self._coroutine_call(call)
        if what is None:
            return
        self.report(call, f"`{what}()` returns a coroutine that is never awaited, so it never runs; "
                          f"`await` it (or keep a task with `asyncio.create_task`)")

    def visit_Assign(self, node: cst.Assign) -> None:
        """`data = fetch(url)` in a coroutine, and `data` is then used as a value, never awaited or scheduled."""
        call = node.value
        func = self.ctx.function
        if not (isinstance(call, cst.Call) and self.ctx.in_async_function and len(node.targets) == 1
                and isinstance(node.targets[0].target, cst.Name)):
            return
        what = self._coroutine_call(call)
        if what is None or what.startswith("asyncio.") or "." in what and not what.startswith("self."):
            return
        var = node.targets[0].target.value
        value_use = False
        for n in walk(func.body):
            if isinstance(n, cst.Await) and any(isinstance(x, cst.Name) and x.value == var for x in walk(n.expression)):
                return
            if isinstance(n, cst.Call) and n is not call and any(
                isinstance(x, cst.Name) and x.value == var for a in n.args for x in walk(a.value)
            ):
                return  # handed to create_task / gather / a helper
            if isinstance(n, (cst.Return, cst.Yield)) and isinstance(n.value, cst.Name) and n.value.value == var:
                return
            if isinstance(n, (cst.Subscript, cst.Attribute)) and isinstance(n.value, cst.Name) and n.value.value == var:
                value_use = True
        if value_use:
            self.report(call, f"`{what}()` is a coroutine function: `{var}` holds an un-awaited coroutine, not its "
                              f"result; write `{var} = await {self.ctx.code_of(call)}`")
