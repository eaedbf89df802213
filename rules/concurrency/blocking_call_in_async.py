import libcst as cst

from codeaudit.concurrency.index import is_test_path
from codeaudit.concurrency.tables import BLOCKING_CALLS
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class BlockingCallInAsync(PythonRule):
    """A blocking network, database or subprocess call inside an `async def`.

    ## What it does
    Reports synchronous HTTP clients (`requests`, `urllib`, `http.client`,
    `httpx` module functions), synchronous database drivers (`sqlite3`,
    `psycopg2`, `pymysql`, `redis.Redis`, `pymongo`), `subprocess.run` and
    friends, `os.system`, blocking socket helpers and `input()` called directly
    in a coroutine. Calls handed to `asyncio.to_thread`, `loop.run_in_executor`
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
    ]
    INVALID = [
        "import requests\nasync def f(url):\n    return requests.get(url, timeout=5).json()  # expect: CON002\n",
        "import sqlite3\nasync def f(db):\n    conn = sqlite3.connect(db)  # expect: CON002\n    return conn\n",
        "import subprocess as sp\nasync def f():\n    sp.run(['make'], check=True)  # expect: CON002\n",
        "from urllib.request import urlopen\nclass C:\n    async def f(self, u):\n        return urlopen(u).read()  # expect: CON002\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if not self.ctx.in_async_function:
            return
        name = self.ctx.call_name(node)
        why = BLOCKING_CALLS.get(name or "")
        if why is None:
            return
        confidence = Confidence.MEDIUM if is_test_path(self.ctx.path) else None
        message = f"`{name}()` blocks the event loop inside `async def`: {why}, or off-load it with `await asyncio.to_thread(...)`"
        if confidence:
            self.report(node, message, confidence=confidence)
        else:
            self.report(node, message)
