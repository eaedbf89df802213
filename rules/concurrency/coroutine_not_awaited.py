import libcst as cst

from codeaudit.concurrency.index import coroutine_index, dotted, module_index, walk
from codeaudit.concurrency.tables import COROUTINE_APIS
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class CoroutineNotAwaited(PythonRule):
    """A coroutine is called but never awaited.

    ## What it does
    Reports call statements whose result is dropped when the callee is an
    `async def` of the same module (or an async method of the same class via
    `self.`, or of a same-module class on a parameter annotated with that class
    or a local assigned `Cls(...)`), a well-known coroutine API (`asyncio.sleep`, `asyncio.wait_for`,
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
        "class Notifier:\n    async def sms(self, n):\n        pass\nclass Sync:\n    def sms(self, n):\n        pass\n"
        "async def f(a: Sync, b: Notifier, n):\n    a.sms(n)\n    await b.sms(n)\n",
        "class Client:\n    async def close(self):\n        pass\ndef main(sock):\n    c = Client()\n    sock.close()\n"
        "    return c\n",
        "import asyncio\nclass Repo:\n    async def save(self, x):\n        pass\nasync def f(repo: Repo, x):\n"
        "    asyncio.create_task(repo.save(x))\n",
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
        "class Client:\n    async def close(self):\n        pass\nasync def main():\n    c = Client()\n"
        "    c.close()  # expect: CON004\n",
        "class Notifier:\n    async def sms(self, n, t):\n        pass\nasync def dispatch(notifier: Notifier, ev):\n"
        "    for n in ev['phones']:\n        notifier.sms(n, ev['text'])  # expect: CON004\n",
        "from typing import Optional\nclass Repo:\n    async def save(self, x):\n        pass\n"
        "async def f(repo: Optional[Repo], x):\n    repo.save(x)  # expect: CON004\n",
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
        elif (
            isinstance(func, cst.Attribute)
            and isinstance(func.value, cst.Name)
            and func.value.value != "self"
            and self._instance_class(func.value.value, func.attr.value, index) is not None
        ):
            what = f"{func.value.value}.{func.attr.value}"
        elif self.ctx.call_name(call) in COROUTINE_APIS:
            what = self.ctx.call_name(call)
        elif (isinstance(func, cst.Attribute) and func.attr.value == "close" and self._has_async_clients
              and dotted(func.value) in module_index(self.ctx).async_clients):
            what = f"{dotted(func.value)}.close"
        else:
            return None
        return what

    def _instance_class(self, var: str, method: str, index) -> str | None:
        """The same-module class of local `var` (a parameter annotated with it, or `var = Cls(...)`) when
        `method` is one of that class's coroutine methods."""
        if not any(method in methods for methods in index.async_methods.values()):
            return None
        func = self.ctx.function
        if not isinstance(func, cst.FunctionDef):
            return None
        types = self._types.get(id(func))
        if types is None:
            types = self._types[id(func)] = _local_types(func, index.async_methods)
        cls = types.get(var)
        return cls if cls is not None and method in index.async_methods.get(cls, ()) else None

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._types: dict[int, dict[str, str]] = {}

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


def _annotation_class(annotation, classes) -> str | None:
    node = annotation
    if isinstance(node, cst.SimpleString):
        text = node.evaluated_value if isinstance(node.evaluated_value, str) else ""
        return text if text in classes else None
    if isinstance(node, cst.BinaryOperation):  # Repo | None
        return _annotation_class(node.left, classes) or _annotation_class(node.right, classes)
    if isinstance(node, cst.Subscript) and dotted(node.value).rsplit(".", 1)[-1] == "Optional" and node.slice:
        inner = node.slice[0].slice
        return _annotation_class(inner.value, classes) if isinstance(inner, cst.Index) else None
    name = dotted(node).rsplit(".", 1)[-1]
    return name if name in classes else None


def _local_types(func: cst.FunctionDef, classes) -> dict[str, str]:
    """Local names of a function known to hold an instance of a same-module class."""
    types: dict[str, str] = {}
    p = func.params
    for param in (*p.posonly_params, *p.params, *p.kwonly_params):
        if param.annotation is not None:
            cls = _annotation_class(param.annotation.annotation, classes)
            if cls:
                types[param.name.value] = cls
    for n in walk(func.body, stop=(cst.FunctionDef, cst.Lambda, cst.ClassDef)):
        if isinstance(n, cst.Assign) and len(n.targets) == 1 and isinstance(n.targets[0].target, cst.Name) \
                and isinstance(n.value, cst.Call) and isinstance(n.value.func, cst.Name) and n.value.func.value in classes:
            types[n.targets[0].target.value] = n.value.func.value
        elif isinstance(n, cst.WithItem) and n.asname is not None and isinstance(n.asname.name, cst.Name) \
                and isinstance(n.item, cst.Call) and isinstance(n.item.func, cst.Name) and n.item.func.value in classes:
            types[n.asname.name.value] = n.item.func.value
    return types
