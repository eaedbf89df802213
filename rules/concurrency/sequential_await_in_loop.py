import libcst as cst

from codeaudit.concurrency.index import dotted, in_test, root_name, walk
from codeaudit.concurrency.tables import LIFECYCLE_METHODS, ORDERED_SINKS
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_STOP = (cst.FunctionDef, cst.ClassDef, cst.Lambda)
_PACING = {"asyncio.sleep", "time.sleep", "anyio.sleep", "trio.sleep"}
_SEQUENTIAL_ITERS = {"range", "asyncio.as_completed", "enumerate.range", "itertools.count"}


def _names(node) -> set[str]:
    return {n.value for n in walk(node) if isinstance(n, cst.Name)}


def _assigned(body) -> set[str]:
    found: set[str] = set()
    for node in walk(body, stop=_STOP):
        targets = []
        if isinstance(node, cst.Assign):
            targets = [t.target for t in node.targets]
        elif isinstance(node, (cst.AugAssign, cst.AnnAssign)):
            targets = [node.target]
        for target in targets:
            found.update(n.value for n in walk(target) if isinstance(n, cst.Name) and not isinstance(target, cst.Attribute))
    return found


class SequentialAwaitInLoop(PythonRule):
    """`await` one independent item at a time in a `for` loop.

    ## What it does
    Reports the first awaited call in a `for` loop of a coroutine when the call
    works on the loop variable and nothing ties one iteration to the next: no
    `break`/`return`, no pacing sleep, no value carried between iterations, not a
    `range()` retry loop, not an ordered sink such as `queue.put` or a single
    connection's `execute`, not an ordered start/stop/close of each item. A
    method awaited on each item with its result dropped (`await ws.send_str(m)`,
    but also ordered callback dispatch) is reported with low confidence.

    ## Why is this bad
    The loop waits for each request before starting the next, so N network
    calls take N round-trips. That is the latency of synchronous code with the
    complexity of async code.

    ## Example
    ```python
    for link in links:
        result = await fetch_page(link)
        statuses[link] = result.status
    ```

    ## Use instead
    ```python
    results = await asyncio.gather(*(fetch_page(link) for link in links))
    statuses = {link: r.status for link, r in zip(links, results)}
    # bound the fan-out with an asyncio.Semaphore or a TaskGroup when the list is long
    ```
    """

    code = "CON008"
    slug = "sequential-await-in-loop"
    category = Category.CONCURRENCY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"await",)

    VALID = [
        "async def f(q, items):\n    for item in items:\n        await q.put(item)\n",
        "async def f(session, url):\n    while url:\n        data = await session.get(url)\n        url = data.next\n",
        "import asyncio\nasync def f(urls, fetch):\n    for url in urls:\n        await fetch(url)\n        await asyncio.sleep(1)\n",
        "async def f(fetch, urls):\n    for url in urls:\n        page = await fetch(url)\n        if page.ok:\n            return page\n",
        "async def f(client, attempts):\n    for attempt in range(attempts):\n        await client.ping(attempt)\n",
        "import asyncio\nasync def f(tasks):\n    for fut in asyncio.as_completed(tasks):\n        print(await fut)\n",
        "async def f(conn, rows):\n    for row in rows:\n        await conn.execute('insert into t values ($1)', row)\n",
        "async def f(sites):\n    for site in sites:\n        await site.close()\n",
        "async def stream(send, chunks):\n    for chunk in chunks:\n        await send({'type': 'http.response.body', 'body': chunk})\n",
        "async def f(client, pages):\n    cursor = None\n    for page in pages:\n        cursor = await client.list(page, cursor)\n",
    ]
    INVALID = [
        "async def f(fetch, links):\n    out = {}\n    for link in links:\n        r = await fetch(link)  # expect: CON008\n"
        "        out[link] = r.status\n    return out\n",
        "async def f(members, payload):\n    for ws in members:\n        await ws.send_str(payload)  # expect: CON008\n",
    ]

    def visit_For(self, node: cst.For) -> None:
        if node.asynchronous is not None or not self.ctx.in_async_function:
            return
        if in_test(self.ctx):
            return
        if isinstance(node.iter, cst.Call) and (self.ctx.call_name(node.iter) or dotted(node.iter.func)) in _SEQUENTIAL_ITERS:
            return
        if isinstance(node.iter, (cst.Tuple, cst.List)):
            return  # a fixed handful of items written out
        targets = _names(node.target)
        carried = _assigned(node.body) - targets
        first = None
        for inner in walk(node.body, stop=_STOP):
            if isinstance(inner, (cst.Break, cst.Return)):
                return
            if isinstance(inner, cst.Call) and (self.ctx.call_name(inner) in _PACING):
                return
            if first is None and isinstance(inner, cst.Await) and isinstance(inner.expression, cst.Call):
                first = inner
        if first is None:
            return
        call = first.expression
        func = call.func
        used = set()
        for arg in call.args:
            used |= _names(arg.value)
        receiver_root = root_name(func.value) if isinstance(func, cst.Attribute) else ""
        if isinstance(func, cst.Attribute):
            if func.attr.value in LIFECYCLE_METHODS or func.attr.value.startswith("__"):
                return
            if receiver_root in targets:
                used.add(receiver_root)
            elif func.attr.value in ORDERED_SINKS or func.attr.value.startswith(("send", "write")):
                return
        if isinstance(func, cst.Name) and func.value.startswith(("send", "write")):
            return  # `await send(message)`: an ordered stream (ASGI send, a writer), not independent I/O
        if not (used & targets) or (used & carried):
            return
        # `await item.method(...)` with the result dropped is also how ordered callbacks/signals are dispatched
        dropped = not any(
            isinstance(n, (cst.Assign, cst.AugAssign, cst.AnnAssign, cst.Return)) and any(x is first for x in walk(n))
            for n in walk(node.body, stop=_STOP)
        )
        overrides = {"confidence": Confidence.LOW} if dropped and receiver_root in targets else {}
        self.report(first, "awaiting each item in turn serialises independent I/O (N round-trips); run them "
                           "concurrently with `asyncio.gather(...)` or a TaskGroup (bounded by a Semaphore)", **overrides)
