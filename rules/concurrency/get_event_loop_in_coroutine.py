import libcst as cst

from codeaudit.concurrency.index import in_test
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_LOOP_GETTERS = {"asyncio.get_event_loop": "get_event_loop", "asyncio.new_event_loop": "new_event_loop"}


class GetEventLoopInCoroutine(PythonRule):
    """`asyncio.get_event_loop()` or `new_event_loop()` inside a coroutine.

    ## What it does
    Reports `asyncio.get_event_loop()` and `asyncio.new_event_loop()` called in
    an `async def`.

    ## Why is this bad
    In a coroutine the loop is known: `asyncio.get_running_loop()` returns it
    and fails loudly if there is none. `get_event_loop()` has a policy-dependent,
    partly deprecated behaviour (it may create a loop when none is running), so
    code written with it breaks when moved to a thread or a helper; it signals
    code ported from pre-3.7 asyncio. A new event loop in a coroutine is never the
    running one: scheduling on it does nothing. Tests are skipped.

    ## Example
    ```python
    async def put_many(self, items):
        loop = asyncio.get_event_loop()
    ```

    ## Use instead
    ```python
    async def put_many(self, items):
        loop = asyncio.get_running_loop()
    ```
    """

    code = "CON007"
    slug = "get-event-loop-in-coroutine"
    category = Category.CONCURRENCY
    severity = Severity.LOW
    confidence = Confidence.HIGH
    triggers = (b"_event_loop",)

    VALID = [
        "import asyncio\nasync def f():\n    loop = asyncio.get_running_loop()\n    return loop.time()\n",
        "import asyncio\ndef main():\n    loop = asyncio.new_event_loop()\n    asyncio.set_event_loop(loop)\n",
    ]
    INVALID = [
        "import asyncio\nasync def f():\n    loop = asyncio.get_event_loop()  # expect: CON007\n    return loop.time()\n",
        "import asyncio\nasync def f(coro):\n    asyncio.new_event_loop().run_until_complete(coro)  # expect: CON006, CON007\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if not self.ctx.in_async_function or in_test(self.ctx):
            return
        which = _LOOP_GETTERS.get(self.ctx.call_name(node) or "")
        if which == "get_event_loop":
            self.report(node, "`asyncio.get_event_loop()` in a coroutine: use `asyncio.get_running_loop()`, which "
                              "cannot silently create or pick another loop (get_event_loop is deprecated outside a "
                              "running loop)")
        elif which == "new_event_loop":
            self.report(node, "`asyncio.new_event_loop()` inside a coroutine creates a loop that never runs here; "
                              "use `asyncio.get_running_loop()`")
