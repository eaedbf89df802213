import libcst as cst

from codeaudit.concurrency.index import dotted, in_test, module_index
from codeaudit.concurrency.tables import LOOP_CREATORS, ROUTE_DECORATORS
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_PER_ITEM_LOOPS = (cst.For, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
_REQUEST_PARAMS = ("request", "req")


def _decorator_attr(decorator: cst.Decorator) -> str:
    expr = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
    return dotted(expr).rsplit(".", 1)[-1]


def _is_request_handler(func: cst.FunctionDef) -> bool:
    if any(_decorator_attr(d) in ROUTE_DECORATORS for d in func.decorators):
        return True
    params = [p.name.value for p in func.params.params]
    if params and params[0] in ("self", "cls"):
        params = params[1:]
    return bool(params) and params[0] in _REQUEST_PARAMS


class EventLoopPerCall(PythonRule):
    """A new event loop for every item or request (`asyncio.run` / `new_event_loop` called repeatedly).

    ## What it does
    Reports `asyncio.run(...)` and `asyncio.new_event_loop()` in synchronous code
    that runs once per item or per request:

    * inside a `for` loop or a comprehension;
    * in a function this module calls inside a loop or comprehension, or hands to
      an executor's `submit`/`map` (once per item);
    * in a web request handler (a `@app.route`/`@router.get`/`@api_view`-style
      decorator, or a first parameter named `request`).

    A loop kept for reuse (`self._loop = asyncio.new_event_loop()`, a module-level
    loop), `while` restart loops, thread targets (one loop per thread is the norm),
    coroutines (CON006/CON007) and tests stay silent. A sync wrapper whose callers
    are not visible in the module is not reported.

    ## Why is this bad
    Each call creates, runs and closes a whole event loop (selector, default
    executor, signal wiring): milliseconds of overhead per item, no concurrency
    between items, and anything bound to a loop (aiohttp sessions, asyncpg pools,
    cached clients) breaks with "attached to a different loop" or is rebuilt each
    time. The items that were meant to run concurrently run one by one.

    ## Example
    ```python
    def sync_all(users):
        for user in users:
            asyncio.run(push_profile(user))
    ```

    ## Use instead
    ```python
    async def push_all(users):
        await asyncio.gather(*(push_profile(u) for u in users))

    def sync_all(users):
        asyncio.run(push_all(users))       # one loop for the whole batch
    ```
    """

    code = "CON023"
    slug = "event-loop-per-call"
    category = Category.CONCURRENCY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    triggers = (b"asyncio",)

    VALID = [
        # one loop for the whole batch, at the entry point
        "import asyncio\nasync def push_all(users):\n    pass\ndef main(users):\n    asyncio.run(push_all(users))\n",
        # a loop created once and kept for reuse
        "import asyncio\nclass Bridge:\n    def __init__(self):\n        self._loop = asyncio.new_event_loop()\n"
        "    def call(self, coro):\n        return self._loop.run_until_complete(coro)\n",
        # a restart/supervisor loop
        "import asyncio\nasync def serve():\n    pass\ndef main():\n    while True:\n        asyncio.run(serve())\n",
        # one loop per worker thread
        "import asyncio, threading\nasync def consume():\n    pass\ndef worker():\n    asyncio.run(consume())\n"
        "def start(n):\n    for _ in range(n):\n        threading.Thread(target=worker).start()\n",
        # a sync wrapper whose callers are elsewhere
        "import asyncio\nasync def fetch(url):\n    pass\ndef fetch_sync(url):\n    return asyncio.run(fetch(url))\n",
    ]
    INVALID = [
        "import asyncio\nasync def push(u):\n    pass\ndef sync_all(users):\n    for u in users:\n"
        "        asyncio.run(push(u))  # expect: CON023\n",
        "import asyncio\nasync def fetch(url):\n    pass\ndef fetch_sync(url):\n"
        "    loop = asyncio.new_event_loop()  # expect: CON023\n    try:\n        return loop.run_until_complete(fetch(url))\n"
        "    finally:\n        loop.close()\ndef fetch_all(urls):\n    return [fetch_sync(u) for u in urls]\n",
        "import asyncio\nfrom flask import Flask\napp = Flask(__name__)\nasync def lookup(q):\n    pass\n"
        "@app.route('/search')\ndef search():\n    return asyncio.run(lookup('x'))  # expect: CON023\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        name = self.ctx.call_name(node)
        if name not in LOOP_CREATORS or self.ctx.in_async_function or in_test(self.ctx):
            return
        if name == "asyncio.new_event_loop" and self._kept_for_reuse():
            return
        short = name.rsplit(".", 1)[-1]
        if any(isinstance(loop, _PER_ITEM_LOOPS) for loop in self.ctx.loops):
            self.report(node, f"`{name}()` inside a loop creates and closes a new event loop for every item, and "
                              "the items run one after another; make the loop body a coroutine and run the whole "
                              "batch once with `asyncio.run(...)` + `asyncio.gather`/TaskGroup")
            return
        func = self.ctx.function
        if not isinstance(func, cst.FunctionDef):
            return
        fname = func.name.value
        index = module_index(self.ctx)
        if fname in index.called_in_loop or id(func) in index.per_item_workers:
            why = "is called once per item (in a loop or by an executor map/submit)"
            confidence = Confidence.MEDIUM
        elif _is_request_handler(func):
            why = "is a request handler, run on every request"
            confidence = Confidence.MEDIUM
        else:
            return
        self.report(node, f"`{short}()` in `{fname}`, which {why}: every call builds and tears down an event loop, "
                          "items never overlap, and loop-bound clients/pools cannot be reused; run one loop for "
                          "the batch (or a long-lived loop in a background thread) and submit coroutines to it",
                    confidence=confidence)

    def _kept_for_reuse(self) -> bool:
        parent = self.ctx.parent
        if isinstance(parent, cst.Assign):
            return any(not isinstance(t.target, cst.Name) for t in parent.targets) or self.ctx.function is None
        return False
