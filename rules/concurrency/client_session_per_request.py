import libcst as cst

from codeaudit.analysis.taint import ROUTE_DECORATORS
from codeaudit.concurrency.index import children, in_test
from codeaudit.concurrency.tables import ASYNC_CLIENTS, REQUEST_METHODS
from codeaudit.knowledge.cst_tools import is_retry_loop, real_loops
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_LOOPS = (cst.For, cst.While, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
#: decorators of hooks a web framework runs once per process (startup/shutdown), not per request
_ONCE_HOOKS = frozenset({"on_event", "on_startup", "on_shutdown", "before_serving", "after_serving",
                         "before_first_request", "on_cleanup"})
_ONCE_NAMES = frozenset({"main", "lifespan", "startup", "shutdown", "on_startup", "on_shutdown"})


class ClientSessionPerRequest(PythonRule):
    """An `aiohttp.ClientSession` / `httpx.AsyncClient` opened for a single request.

    ## What it does
    Reports an async HTTP client session created inside a loop, or created in a
    coroutine that makes exactly one request with it and does not hand it to
    anything else (a per-request helper). Web route handlers (`@app.get`,
    `@router.post`, ...) are left alone: they serve one incoming request each, and so are coroutines that
    run once per process: `main()`, startup/shutdown hooks (`@app.on_event("startup")`, `lifespan`) and
    helpers of the module that only such code (or module-level code) calls. WebSocket connections (`ws_connect`)
    are long-lived and do not count as a request; tests are skipped.

    ## Why is this bad
    A session owns a connection pool, DNS cache and keep-alive connections.
    Opening one per request pays a new TCP + TLS handshake every time, defeats
    connection limits, and under load exhausts sockets; aiohttp's documentation
    asks for one session per application.

    ## Example
    ```python
    async def fetch_page(url):
        async with aiohttp.ClientSession() as session:
            async with session.get(url) as resp:
                return await resp.text()
    ```

    ## Use instead
    ```python
    async def fetch_page(session: aiohttp.ClientSession, url):
        async with session.get(url) as resp:
            return await resp.text()
    ```
    """

    code = "CON009"
    slug = "client-session-per-request"
    category = Category.CONCURRENCY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    triggers = (b"ClientSession", b"AsyncClient")

    VALID = [
        "import aiohttp, asyncio\nasync def fetch_all(urls, fetch_one):\n    async with aiohttp.ClientSession() as s:\n"
        "        return await asyncio.gather(*(fetch_one(s, u) for u in urls))\n",
        "import aiohttp\nasync def crawl(urls):\n    async with aiohttp.ClientSession() as s:\n        for u in urls:\n"
        "            async with s.get(u) as r:\n                print(r.status)\n",
        "import httpx\nasync def main(run):\n    async with httpx.AsyncClient() as client:\n        await run(client)\n",
        # a client per item of a data loop is reported once, by EFF013 (efficiency), not here too
        "import httpx\nasync def ping_all(hosts):\n    ok = 0\n    for h in hosts:\n"
        "        async with httpx.AsyncClient() as c:  # expect: EFF013\n            r = await c.head(h)\n"
        "        ok += r.is_success\n    return ok\n",
    ]
    VALID += [
        "import httpx\nfrom fastapi import FastAPI\napp = FastAPI()\n@app.get('/preview')\nasync def preview(url: str):\n"
        "    async with httpx.AsyncClient(timeout=10) as client:\n        resp = await client.get(url)\n"
        "    return {'status': resp.status_code}\n",
    ]
    VALID += [
        # a health check made once at startup: one client for one request is fine there
        "import asyncio, httpx\nfrom fastapi import FastAPI\napp = FastAPI()\n@app.on_event('startup')\n"
        "async def warm():\n    asyncio.get_running_loop().create_task(ping())\nasync def ping():\n"
        "    async with httpx.AsyncClient(timeout=5) as client:\n        await client.get('http://mailer/health')\n",
        "import asyncio, aiohttp\nasync def main(url):\n    async with aiohttp.ClientSession() as s:\n"
        "        async with s.get(url) as r:\n            print(await r.text())\n"
        "if __name__ == '__main__':\n    asyncio.run(main('http://example.com'))\n",
        "import asyncio, aiohttp\nasync def check_version(url):\n    async with aiohttp.ClientSession() as s:\n"
        "        return await (await s.get(url)).json()\nasync def main(url):\n    print(await check_version(url))\n",
    ]
    INVALID = [
        "import aiohttp\nasync def fetch(url):\n    async with aiohttp.ClientSession() as session:  # expect: CON009\n"
        "        async with session.get(url) as resp:\n            return await resp.text()\n",
        # a retry loop: EFF013 stays silent, but each attempt still builds a new pool
        "import aiohttp\nasync def fetch(url, get, tries=3):\n    for attempt in range(tries):\n        try:\n"
        "            async with aiohttp.ClientSession() as s:  # expect: CON009\n                return await get(s, url)\n"
        "        except aiohttp.ClientError:\n            pass\n",
        # called from a loop elsewhere: one client per call is one per item
        "import aiohttp\nasync def fetch(url):\n    async with aiohttp.ClientSession() as s:  # expect: CON009\n"
        "        return await (await s.get(url)).text()\nasync def main(urls):\n    for u in urls:\n"
        "        print(await fetch(u))\n",
    ]

    def visit_With(self, node: cst.With) -> None:
        if not self.ctx.in_async_function or in_test(self.ctx):
            return
        for item in node.items:
            if not (isinstance(item.item, cst.Call) and self.ctx.call_name(item.item) in ASYNC_CLIENTS):
                continue
            name = self.ctx.call_name(item.item)
            if self.ctx.in_loop:
                loops = real_loops(self.ctx)
                if loops and not any(is_retry_loop(loop) for loop in loops):
                    return  # one client per data item is EFF013 (client-per-iteration); one defect, one report
                self.report(node, f"a new `{name}` per loop iteration opens a fresh connection pool each time; "
                                  "create one session outside the loop and reuse it")
                return
            if item.asname is None or not isinstance(item.asname.name, cst.Name) or self._route_handler():
                return
            if self._single_request(node, item.asname.name.value) and not self._runs_once(self.ctx.function, 0):
                self.report(node, f"`{name}` created for a single request: every call pays a new connection and TLS "
                                  "handshake; create one session per application and pass it in")
            return

    def _route_handler(self) -> bool:
        """A web route (`@app.get(...)`, `@router.post(...)`): it runs once per incoming request, not in a fan-out."""
        func = self.ctx.function
        for decorator in getattr(func, "decorators", ()):
            target = decorator.decorator
            target = target.func if isinstance(target, cst.Call) else target
            if isinstance(target, cst.Attribute) and target.attr.value in ROUTE_DECORATORS:
                return True
        return False

    def _single_request(self, node: cst.With, var: str) -> bool:
        """The session's only use is one request call, not repeated by a loop."""
        uses = 0
        requests = 0
        stack = [(node.body, False)] + [(item, False) for item in node.items[1:]]
        while stack:
            current, looped = stack.pop()
            if isinstance(current, cst.Name) and current.value == var:
                uses += 1
            elif isinstance(current, cst.Call):
                func = current.func
                if (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value == var
                        and func.attr.value in REQUEST_METHODS and not looped):
                    requests += 1
            inner = looped or isinstance(current, _LOOPS) or isinstance(current, (cst.FunctionDef, cst.Lambda))
            stack.extend((child, inner) for child in children(current))
        return uses == 1 and requests == 1

    def _runs_once(self, func, depth: int) -> bool:
        """main(), a startup/shutdown hook, or a module helper that only such code or module-level code calls."""
        if not isinstance(func, cst.FunctionDef):
            return False
        if func.name.value in _ONCE_NAMES or any(_hook_name(d.decorator) in _ONCE_HOOKS for d in func.decorators):
            return True
        if depth >= 3 or self.ctx.module is None:
            return False
        name = func.name.value
        callers = []
        stack = [(self.ctx.module, None, False)]
        while stack:
            current, owner, looped = stack.pop()
            if isinstance(current, cst.Name) and current.value == name:
                callers.append((owner, looped))
            elif isinstance(current, cst.Attribute) and current.attr.value == name:
                callers.append((owner, looped))
                continue
            if isinstance(current, cst.FunctionDef):
                if current is func:
                    continue
                owner, looped = current, False
            elif isinstance(current, _LOOPS):
                looped = True
            stack.extend((child, owner, looped) for child in children(current))
        callers = [c for c in callers if c[0] is not func]
        return bool(callers) and all(
            not looped and (owner is None or self._runs_once(owner, depth + 1)) for owner, looped in callers
        )


def _hook_name(decorator) -> str:
    target = decorator.func if isinstance(decorator, cst.Call) else decorator
    return target.attr.value if isinstance(target, cst.Attribute) else getattr(target, "value", "")
