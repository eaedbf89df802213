import libcst as cst

from codeaudit.concurrency.index import dotted, is_test_path, module_index, walk
from codeaudit.concurrency.tables import BLOCKING_CALLS, QUEUE_TYPES, SYNC_CLIENT_FACTORIES, SYNC_LOCK_TYPES
from codeaudit.rule import Category, Confidence, PythonRule, Severity


_BINDING_MARKERS = tuple(
    {name.rsplit(".", 1)[-1].encode() for name in SYNC_CLIENT_FACTORIES | QUEUE_TYPES | SYNC_LOCK_TYPES}
)


#: client methods that release local resources without waiting on a server or the disk
_NON_WAITING_METHODS = frozenset({"close", "cursor", "__enter__", "set_trace_callback", "row_factory"})


class BlockingCallInAsync(PythonRule):
    """A blocking network, database or subprocess call inside an `async def`.

    ## What it does
    Reports synchronous HTTP clients (`requests`, `urllib`, `http.client`,
    `httpx` module functions), synchronous database drivers (`sqlite3`,
    `psycopg2`, `pymysql`, `redis.Redis`, `pymongo`), `subprocess.run` and
    friends, `os.system`, blocking socket helpers and `input()` called directly
    in a coroutine; also method calls on objects the module bound to such
    clients (`self.session = requests.Session()`), `queue.Queue.get/put`,
    `threading.Lock.acquire()` and `Future.result()` on an executor future. Calls handed to `asyncio.to_thread`, `loop.run_in_executor`
    or `anyio.to_thread.run_sync` are not calls in the coroutine and stay silent,
    as do nested synchronous helpers.

    ## Why is this bad
    While the call waits on the network, the database or a child process, the
    event loop cannot run anything else: every other request, timeout and
    heartbeat stalls. Under load one slow upstream freezes the whole service.

    ## Example
    ```python
    async def robots(base):
        return requests.get(base + "/robots.txt", timeout=10).text
    ```

    ## Use instead
    ```python
    async def robots(client: httpx.AsyncClient, base):
        return (await client.get(base + "/robots.txt", timeout=10)).text
    # or: await asyncio.to_thread(requests.get, url, timeout=10)
    ```
    """

    code = "CON002"
    slug = "blocking-call-in-async"
    category = Category.CONCURRENCY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    triggers = (b"async",)

    VALID = [
        "import asyncio, requests\nasync def f(url):\n    return await asyncio.to_thread(requests.get, url, timeout=5)\n",
        "import asyncio, subprocess\nfrom functools import partial\nasync def f(loop):\n"
        "    await loop.run_in_executor(None, partial(subprocess.run, ['ls'], check=True))\n",
        "import sqlite3\ndef query(db):\n    return sqlite3.connect(db).execute('select 1').fetchone()\n",
        "import requests\nasync def f(url):\n    def fetch():\n        return requests.get(url, timeout=5)\n    return fetch\n",
        "import anyio, requests\nasync def f(url):\n    return await anyio.to_thread.run_sync(lambda: requests.get(url, timeout=5))\n",
        "import httpx\nasync def f(url):\n    async with httpx.AsyncClient() as c:\n        return await c.get(url)\n",
        "import asyncio\nasync def f():\n    proc = await asyncio.create_subprocess_exec('ls')\n    await proc.wait()\n",
        "import asyncio\nasync def f(q: asyncio.Queue):\n    return await q.get()\n",
        "import asyncio\nlock = asyncio.Lock()\nasync def f():\n    await lock.acquire()\n    lock.release()\n",
        "import queue\njobs = queue.Queue()\nasync def f():\n    return jobs.get_nowait()\n",
    ]
    INVALID = [
        "import requests\nasync def f(url):\n    return requests.get(url, timeout=5).json()  # expect: CON002\n",
        "import sqlite3\nasync def f(db):\n    conn = sqlite3.connect(db)  # expect: CON002\n    return conn\n",
        "import subprocess as sp\nasync def f():\n    sp.run(['make'], check=True)  # expect: CON002\n",
        "import requests\nclass Api:\n    def __init__(self):\n        self.session = requests.Session()\n"
        "    async def get(self, u):\n        return self.session.get(u, timeout=5)  # expect: CON002\n",
        "import queue\njobs = queue.Queue()\nasync def f():\n    return jobs.get()  # expect: CON002\n",
        "from concurrent.futures import ThreadPoolExecutor\npool = ThreadPoolExecutor()\nasync def f(fn):\n"
        "    fut = pool.submit(fn)\n    return fut.result()  # expect: CON002\n",
        "from urllib.request import urlopen\nclass C:\n    async def f(self, u):\n        return urlopen(u).read()  # expect: CON002\n",
        # the client is reported once per coroutine (at its first blocking call); close() does not wait
        "import sqlite3\nclass Store:\n    def __init__(self, path):\n        self.db = sqlite3.connect(path)\n"
        "    async def save(self, k, v):\n        self.db.execute('insert into kv values (?, ?)', (k, v))  # expect: CON002\n"
        "        self.db.commit()\n    async def stop(self):\n        self.db.close()\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if not self.ctx.in_async_function:
            return
        name = self.ctx.call_name(node)
        why = BLOCKING_CALLS.get(name or "")
        if why is not None:
            message = (f"`{name}()` blocks the event loop inside `async def`: {why}, or off-load it with "
                       "`await asyncio.to_thread(...)`")
        else:
            message = self._blocking_method(node)
            if message is None:
                return
        if is_test_path(self.ctx.path):
            self.report(node, message, confidence=Confidence.MEDIUM)
        else:
            self.report(node, message)

    def _blocking_method(self, node: cst.Call) -> str | None:
        """Methods of objects this module bound to synchronous clients, queues, locks and futures."""
        func = node.func
        if not isinstance(func, cst.Attribute) or isinstance(self.ctx.parent, cst.Await):
            return None
        if func.attr.value != "result" and not self._may_bind_blocking():
            return None
        index = module_index(self.ctx)
        key = dotted(func.value)
        method = func.attr.value
        if key in index.sync_clients and ("." in key or key in self.ctx.module_names):
            # (a local `conn = sqlite3.connect()` in a coroutine is already reported at the connect)
            if method in _NON_WAITING_METHODS:
                return None
            # one defect, one report: only the first blocking call on a client in each coroutine
            seen = self.__dict__.setdefault("_reported_clients", set())
            if (id(self.ctx.function), key) in seen:
                return None
            seen.add((id(self.ctx.function), key))
            ctor = index.sync_clients[key]
            return (f"`{key}` is a synchronous `{ctor}` client: `{key}.{method}()` blocks the event loop; use an "
                    "async client or `await asyncio.to_thread(...)`")
        if key in index.queues and method in ("get", "put", "join") and not any(
            a.keyword and a.keyword.value == "block" for a in node.args
        ):
            return (f"`{key}.{method}()` on a `queue.Queue` blocks the event loop while it waits; use `asyncio.Queue` "
                    "or `get_nowait`/`put_nowait`")
        if key in index.sync_locks and method == "acquire":
            return (f"`{key}.acquire()` on a threading lock blocks the event loop while another thread holds it; "
                    "use `asyncio.Lock` or acquire it in `asyncio.to_thread`")
        if method == "result" and not node.args and self._is_future(func.value):
            return ("`Future.result()` blocks the event loop until the worker finishes; "
                    "`await asyncio.wrap_future(fut)` (or use `loop.run_in_executor`)")
        return None

    def _may_bind_blocking(self) -> bool:
        """Cheap byte test before building the module index: does the file construct any blocking object?"""
        cached = self.__dict__.get("_may_bind")
        if cached is None:
            data = self.ctx.source.data
            cached = any(marker in data for marker in _BINDING_MARKERS)
            self.__dict__["_may_bind"] = cached
        return cached

    def _is_future(self, expr) -> bool:
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute):
            return expr.func.attr.value in ("submit", "run_coroutine_threadsafe") or \
                self.ctx.call_name(expr) == "asyncio.run_coroutine_threadsafe"
        if isinstance(expr, cst.Name) and self.ctx.function is not None:
            for n in walk(self.ctx.function.body):
                if isinstance(n, cst.Assign) and any(
                    isinstance(t.target, cst.Name) and t.target.value == expr.value for t in n.targets
                ) and isinstance(n.value, cst.Call):
                    return self._is_future(n.value)
        return False
