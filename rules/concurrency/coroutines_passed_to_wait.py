import libcst as cst

from codeaudit.concurrency.index import coroutine_index, in_test, walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity

#: asyncio coroutine functions that are often listed straight into asyncio.wait()
_ASYNCIO_COROUTINES = frozenset({"asyncio.sleep", "asyncio.open_connection", "asyncio.wait_for",
                                 "asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell"})
_COLLECTIONS = (cst.List, cst.Set, cst.Tuple)
_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.GeneratorExp)


class CoroutinesPassedToWait(PythonRule):
    """`asyncio.wait()` given bare coroutines instead of tasks.

    ## What it does
    Reports `asyncio.wait(...)` whose first argument is a list, set, tuple or
    comprehension of coroutine calls (`[fetch(u) for u in urls]`, directly or
    through a local variable), where the called function is an `async def` of
    the module, a coroutine method of the same class, a coroutine function
    nested in the caller, or an asyncio coroutine such as `asyncio.sleep`.

    ## Why is this bad
    Since Python 3.11 `asyncio.wait()` raises `TypeError` for coroutines (it was
    deprecated in 3.8): the code fails the first time it runs on a current
    interpreter. On older versions the coroutines are wrapped in hidden tasks, so
    the returned `done`/`pending` sets never contain the objects you passed and
    membership tests silently fail.

    ## Example
    ```python
    await asyncio.wait([one(name, fn) for name, fn in calls.items()])
    ```

    ## Use instead
    ```python
    await asyncio.gather(*(one(name, fn) for name, fn in calls.items()))
    # or: await asyncio.wait([asyncio.create_task(one(n, f)) for n, f in calls.items()])
    ```
    """

    code = "CON026"
    slug = "coroutines-passed-to-wait"
    category = Category.CONCURRENCY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    triggers = (b"wait(",)

    VALID = [
        "import asyncio\nasync def one(x):\n    pass\nasync def f(xs):\n"
        "    await asyncio.wait([asyncio.create_task(one(x)) for x in xs])\n",
        "import asyncio\nasync def one(x):\n    pass\nasync def f(xs):\n    await asyncio.gather(*(one(x) for x in xs))\n",
        "import asyncio\nclass Bus:\n    async def stop(self, timeout):\n"
        "        await asyncio.wait(set(self._tasks), timeout=timeout)\n",
        "import asyncio\nasync def one(x):\n    pass\nasync def f(xs):\n    tasks = [asyncio.ensure_future(one(x)) for x in xs]\n"
        "    done, pending = await asyncio.wait(tasks, timeout=5)\n    return done\n",
        "import asyncio\ndef make(x):\n    return asyncio.get_running_loop().create_future()\n"
        "async def f(xs):\n    await asyncio.wait([make(x) for x in xs])\n",
    ]
    INVALID = [
        "import asyncio\nasync def f(calls):\n    async def one(fn):\n        await fn()\n"
        "    await asyncio.wait([one(fn) for fn in calls])  # expect: CON026\n",
        "import asyncio\nasync def fetch(u):\n    pass\nasync def f(urls):\n    coros = [fetch(u) for u in urls]\n"
        "    done, _ = await asyncio.wait(coros, timeout=10)  # expect: CON026\n    return done\n",
        "import asyncio\nclass Svc:\n    async def ping(self):\n        pass\n    async def flush(self):\n        pass\n"
        "    async def tick(self):\n        await asyncio.wait({self.ping(), self.flush()})  # expect: CON026\n",
        "import asyncio\nasync def f():\n    await asyncio.wait([asyncio.sleep(1), asyncio.sleep(2)])  # expect: CON026\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if not node.args or node.args[0].keyword is not None or node.args[0].star:
            return
        if self.ctx.call_name(node) != "asyncio.wait" or in_test(self.ctx):
            return
        arg = self._resolve(node.args[0].value)
        if isinstance(arg, _COLLECTIONS):
            elements = [e.value for e in arg.elements if not isinstance(e, (cst.StarredElement,))]
        elif isinstance(arg, _COMPREHENSIONS):
            elements = [arg.elt]
        else:
            return
        called = [self._coroutine_name(e) for e in elements]
        if called and all(called):
            self.report(node, f"`asyncio.wait()` is given coroutines (`{called[0]}()`), not tasks: Python 3.11+ raises "
                              "TypeError (and older versions return hidden tasks that never match what you passed); "
                              "wrap each in `asyncio.create_task()` or use `asyncio.gather()`")

    def _resolve(self, expr):
        """A local name bound once in the enclosing function -> its value."""
        func = self.ctx.function
        if not isinstance(expr, cst.Name) or func is None:
            return expr
        values = [n.value for n in walk(func.body, stop=(cst.FunctionDef, cst.Lambda, cst.ClassDef))
                  if isinstance(n, cst.Assign) and any(isinstance(t.target, cst.Name) and t.target.value == expr.value
                                                       for t in n.targets)]
        return values[0] if len(values) == 1 else expr

    def _coroutine_name(self, expr) -> str | None:
        if not isinstance(expr, cst.Call):
            return None
        func = expr.func
        index = coroutine_index(self.ctx)
        if isinstance(func, cst.Name):
            name = func.value
            if name in index.async_funcs or self._nested_coroutine(name):
                return name
        elif (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value == "self"
              and self.ctx.class_def is not None
              and func.attr.value in index.async_methods.get(self.ctx.class_def.name.value, ())):
            return f"self.{func.attr.value}"
        name = self.ctx.call_name(expr)
        return name if name in _ASYNCIO_COROUTINES else None

    def _nested_coroutine(self, name: str) -> bool:
        func = self.ctx.function
        if func is None:
            return False
        return any(isinstance(n, cst.FunctionDef) and n.asynchronous is not None and n.name.value == name
                   for n in walk(func.body, stop=(cst.FunctionDef, cst.Lambda, cst.ClassDef)))
