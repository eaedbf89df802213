import libcst as cst

from codeaudit.concurrency.index import dotted, in_test, walk
from codeaudit.concurrency.tables import NON_TASK_EXCEPTIONS
from codeaudit.rule import Category, Confidence, PythonRule, Severity


def _returns_exceptions(call: cst.Call) -> bool:
    for arg in call.args:
        if arg.keyword and arg.keyword.value == "return_exceptions":
            return not (isinstance(arg.value, cst.Name) and arg.value.value in ("False", "None"))
    return False


def _awaitable_count(call: cst.Call) -> int:
    """Positional awaitables; a starred argument counts as many."""
    count = 0
    for arg in call.args:
        if arg.keyword is not None:
            continue
        count += 2 if arg.star else 1
    return count


def _catches_task_failures(handler: cst.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    types = handler.type.elements if isinstance(handler.type, cst.Tuple) else [handler.type]
    names = [dotted(t.value if isinstance(t, cst.Element) else t) for t in types]
    return any(n not in NON_TASK_EXCEPTIONS for n in names)


def _swallows(handler: cst.ExceptHandler) -> bool:
    """The handler neither re-raises nor cancels the remaining awaitables."""
    for node in walk(handler.body, stop=(cst.FunctionDef, cst.Lambda, cst.ClassDef)):
        if isinstance(node, cst.Raise):
            return False
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "cancel":
            return False
    return True


class GatherFailureHandled(PythonRule):
    """`asyncio.gather()` failure caught while the other awaitables keep running.

    ## What it does
    Reports an awaited `asyncio.gather(a, b, ...)` (two or more awaitables, or a
    starred list) without `return_exceptions=True`, inside the body of a `try`
    whose `except` handler catches the awaitables' failures (bare `except`,
    `Exception`, a specific error; not only `TimeoutError`/`CancelledError`) and
    neither re-raises nor cancels anything.

    When the first awaitable fails, `gather` raises at once but does **not**
    cancel the others: they keep running. If the exception propagates out of
    `asyncio.run()`, the loop cancels them at shutdown, so the rule stays quiet
    there; it also stays quiet with `return_exceptions=True`, when the handler
    re-raises or calls `.cancel()`, with a single awaitable, and in tests. Note that an
    enclosing `asyncio.TaskGroup` does not help: gather's children are not tasks
    of the group. A gather whose exception escapes to a long-lived caller (a web
    framework) has the same problem but cannot be seen from one function, so it is
    not reported.

    ## Why is this bad
    The handler runs (logs, returns a fallback, retries) while the remaining
    requests/writes are still in flight: their results are thrown away, their
    later failures end up as "exception was never retrieved", and a retry starts a
    second batch next to the first (double sends, double writes).

    ## Example
    ```python
    try:
        await asyncio.gather(*(push(device, msg) for device in devices))
    except PushError:
        log.warning("push failed, falling back to e-mail")
        await send_email(user, msg)
    ```

    ## Use instead
    ```python
    results = await asyncio.gather(*(push(d, msg) for d in devices), return_exceptions=True)
    if any(isinstance(r, Exception) for r in results):
        await send_email(user, msg)
    # or: async with asyncio.TaskGroup() as tg: ...  (cancels the siblings on failure)
    ```
    """

    code = "CON022"
    slug = "gather-failure-handled"
    category = Category.CONCURRENCY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    triggers = (b"gather",)

    VALID = [
        # return_exceptions=True: every outcome is collected
        "import asyncio\nasync def f(jobs, log):\n    try:\n"
        "        return await asyncio.gather(*jobs, return_exceptions=True)\n    except Exception:\n"
        "        log.exception('x')\n",
        # the exception propagates (asyncio.run cancels the rest at shutdown)
        "import asyncio\nasync def f(a, b):\n    return await asyncio.gather(a(), b())\n",
        # the handler re-raises
        "import asyncio\nasync def f(a, b, log):\n    try:\n        await asyncio.gather(a(), b())\n"
        "    except ValueError:\n        log.error('failed')\n        raise\n",
        # the handler cancels the remaining tasks
        "import asyncio\nasync def f(coros):\n    tasks = [asyncio.create_task(c) for c in coros]\n    try:\n"
        "        await asyncio.gather(*tasks)\n    except Exception:\n        for t in tasks:\n"
        "            t.cancel()\n        return None\n",
        # only a timeout is caught: wait_for cancels the gather and its children
        "import asyncio\nasync def f(a, b):\n    try:\n        return await asyncio.wait_for(asyncio.gather(a(), b()), 5)\n"
        "    except asyncio.TimeoutError:\n        return None\n",
        # a single awaitable has no siblings
        "import asyncio\nasync def f(a):\n    try:\n        await asyncio.gather(a())\n    except Exception:\n"
        "        return None\n",
        # the gather is in the handler, not in the try body
        "import asyncio\nasync def f(a, b):\n    try:\n        a.close()\n    except OSError:\n"
        "        await asyncio.gather(a.wait(), b.wait())\n",
    ]
    INVALID = [
        "import asyncio\nasync def notify(devices, push, email, msg):\n    try:\n"
        "        await asyncio.gather(*(push(d, msg) for d in devices))  # expect: CON022\n"
        "    except ConnectionError:\n        await email(msg)\n",
        "from asyncio import gather\nasync def fetch(a, b, log):\n    try:\n"
        "        x, y = await gather(a(), b(), return_exceptions=False)  # expect: CON022\n"
        "    except Exception as exc:\n        log.warning('fallback %s', exc)\n        return None, None\n"
        "    return x, y\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if not self.ctx.in_async_function or self.ctx.call_name(node) != "asyncio.gather":
            return
        if _returns_exceptions(node) or _awaitable_count(node) < 2 or in_test(self.ctx):
            return
        tries = self.ctx.try_blocks
        if not tries:
            return
        parents = self.ctx.parents
        for block in reversed(tries):
            pos = parents.index(block)
            if pos + 1 >= len(parents) or parents[pos + 1] is not block.body:
                continue  # in a handler / else / finally, not guarded by this try
            handlers = [h for h in getattr(block, "handlers", ()) if _catches_task_failures(h)]
            swallowing = [h for h in handlers if _swallows(h)]
            if handlers and not swallowing:
                return  # the failure is re-raised / the siblings are cancelled
            if swallowing:
                caught = self.ctx.code_of(swallowing[0].type) if swallowing[0].type is not None else "everything"
                self.report(node, f"`asyncio.gather()` without `return_exceptions=True` raises on the first failure "
                                  f"but does not cancel the other awaitables; the `except {caught}` handler "
                                  "carries on while they are still running unobserved (lost results, unretrieved "
                                  "exceptions, double work on retry); pass `return_exceptions=True` and inspect the "
                                  "results, or use a TaskGroup")
                return
