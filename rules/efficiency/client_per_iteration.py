import libcst as cst

from codeaudit.knowledge.cst_tools import invariant_in, is_retry_loop, real_loops, walk
from codeaudit.knowledge.tests_shape import is_test_file
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_CLIENTS = {
    "requests.Session": "requests.Session",
    "requests.session": "requests.Session",
    "httpx.Client": "httpx.Client",
    "httpx.AsyncClient": "httpx.AsyncClient",
    "aiohttp.ClientSession": "aiohttp.ClientSession",
    "urllib3.PoolManager": "urllib3.PoolManager",
    "boto3.client": "boto3 client",
    "boto3.resource": "boto3 resource",
    "boto3.session.Session": "boto3 Session",
}

#: Worker pools: each construction starts (forks/spawns) a full set of worker processes and tears it down.
#: Executors (thread or process) made per call/iteration are labelled and reported as a concurrency defect
#: (executor per call), so only multiprocessing pools are listed here.
_POOLS = {
    "multiprocessing.Pool": "multiprocessing.Pool",
    "multiprocessing.pool.Pool": "multiprocessing.Pool",
}

#: Last names of the constructors above: a cheap filter before resolving a call's full name.
_CLIENT_TAILS = {name.rsplit(".", 1)[-1] for name in _CLIENTS}


class ClientPerIteration(PythonRule):
    """A new HTTP session or client created on every iteration of a loop.

    ## What it does
    Reports `requests.Session()`, `httpx.Client()`, `aiohttp.ClientSession()`,
    `urllib3.PoolManager()` and `boto3.client(...)` (and process pools:
    `multiprocessing.Pool`) created inside a loop, also
    through a helper of the same module: a function that returns a new client
    (`def s3(): return boto3.client("s3")`) called in a loop with the same
    arguments, or a function that opens a client for a single request
    (`async with aiohttp.ClientSession() as s: return await s.get(url)`) and is
    called in a loop (reported at the client it creates; in a coroutine that
    is CON009's finding). Helpers decorated with a cache are the fix and are
    not reported.

    ## Why is this bad
    A client owns a connection pool. Creating one per item throws the pool away:
    every request pays a new TCP and TLS handshake (tens to hundreds of ms), and
    unclosed sessions leak sockets. Create the client once and reuse it.

    ## Example
    ```python
    for url in urls:
        session = requests.Session()
        pages.append(session.get(url, timeout=10).text)
    ```

    ## Use instead
    ```python
    with requests.Session() as session:
        for url in urls:
            pages.append(session.get(url, timeout=10).text)
    ```
    """

    code = "EFF013"
    slug = "client-per-iteration"
    category = Category.EFFICIENCY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    triggers = (b"Session", b"session(", b"Client", b"PoolManager", b"boto3", b"Pool")

    VALID = [
        "import multiprocessing as mp\ndef f(days, work):\n    with mp.Pool(4) as pool:\n        for d in days:\n            pool.map(work, d.files)\n",
        "import multiprocessing as mp\ndef f(sizes, work, items):\n    for n in sizes:\n        with mp.Pool(n) as pool:\n            bench(pool.map, work, items)\n",
        "import aiohttp, asyncio\nasync def fetch(url):\n    async with aiohttp.ClientSession() as session:\n        async with session.get(url) as resp:\n            return await resp.text()\nasync def main(urls):\n    return await asyncio.gather(*(fetch(u) for u in urls))\n",
        "import requests\ndef f(urls):\n    with requests.Session() as s:\n        for u in urls:\n            s.get(u, timeout=5)\n",
        "import boto3\ndef f(regions):\n    return {r: boto3.client('ec2', region_name=r) for r in regions}\n",
        "import boto3, functools\n@functools.lru_cache\ndef s3():\n    return boto3.client('s3')\ndef f(keys):\n    for k in keys:\n        s3().delete_object(Bucket='b', Key=k)\n",
        "import boto3\ndef client(region):\n    return boto3.client('ec2', region_name=region)\ndef f(regions):\n    for r in regions:\n        client(r).describe_instances()\n",
        "import aiohttp\nasync def fetch_all(urls):\n    async with aiohttp.ClientSession() as s:\n        for u in urls:\n            await s.get(u)\nasync def main(batches):\n    for b in batches:\n        await fetch_all(b)\n",
        "import requests\ndef ping(url):\n    with requests.Session() as s:\n        return s.get(url, timeout=5).ok\ndef main():\n    return ping('https://example.com')\n",
    ]
    INVALID = [
        "import multiprocessing as mp\ndef f(days, work):\n    out = {}\n    for d in days:\n        with mp.Pool(processes=4) as pool:  # expect: EFF013\n            out[d] = pool.map(work, d.files)\n    return out\n",
        "from multiprocessing import Pool\ndef f(batches, n, work):\n    for b in batches:\n        pool = Pool(n)  # expect: EFF013\n        pool.map(work, b)\n        pool.close()\n",
        "import multiprocessing\ndef f(groups, work):\n    return [multiprocessing.Pool().map(work, g) for g in groups]  # expect: EFF013\n",
        "import requests\ndef f(urls):\n    for u in urls:\n        s = requests.Session()  # expect: EFF013\n        s.get(u, timeout=5)\n",
        "import httpx\ndef f(urls):\n    for u in urls:\n        with httpx.Client() as c:  # expect: EFF013\n            c.get(u)\n",
        "import boto3\ndef s3():\n    return boto3.client('s3')\ndef f(paths):\n    for p in paths:\n        s3().upload_file(p, 'bucket', p)  # expect: EFF013\n",
        "import httpx\ndef get_json(url):\n    with httpx.Client(timeout=5) as client:  # expect: EFF013\n        return client.get(url).json()\ndef main(urls):\n    out = []\n    for u in urls:\n        out.append(get_json(u))\n    return out\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._factories: dict[str, str] = {}  # function name -> client label, for `def c(): return boto3.client(..)`
        self._per_call: dict[str, tuple] = {}  # function name -> (ctor node, label) for `with Client() as c: one request`
        self._looped_calls: list[tuple] = []  # (function name, call node, args loop-invariant) called inside a loop

    def visit_Call(self, node: cst.Call) -> None:
        if is_test_file(self.ctx.path):
            return  # tests build fresh clients/queries per case on purpose
        loops = real_loops(self.ctx)
        if not loops:
            func = node.func
            tail = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
            if tail in _CLIENT_TAILS and (label := _CLIENTS.get(self.ctx.call_name(node) or "")) is not None:
                self._note_helper(node, label)
            return
        name = self.ctx.call_name(node)
        label = _CLIENTS.get(name or "")
        if name in _POOLS:
            if not any(is_retry_loop(loop) for loop in loops) and _args_invariant(node, loops[-1]):
                self.report(
                    node,
                    f"new {_POOLS[name]} per loop iteration starts and tears down all its worker processes every "
                    "time; create the pool once before the loop and submit each iteration's work to it",
                )
            return
        if label is None:
            callee = _local_callee(node)
            if callee and not any(is_retry_loop(loop) for loop in loops):
                self._looped_calls.append((callee, node, _args_invariant(node, loops[-1])))
            return
        if any(is_retry_loop(loop) for loop in loops):
            return
        if label.startswith("boto3"):
            # one client per region/account in a loop is normal; only flag a loop-invariant client
            if not _args_invariant(node, loops[-1]) or isinstance(loops[-1], (cst.DictComp, cst.ListComp)):
                return
        self.report(
            node,
            f"new {label} per loop iteration discards its connection pool: every request pays a new "
            "TCP/TLS handshake; create it once before the loop and reuse it",
        )

    def _note_helper(self, node: cst.Call, label: str) -> None:
        """A function that builds a fresh client on every call: returns it, or uses it for one request."""
        func = self.ctx.function
        if not isinstance(func, cst.FunctionDef) or any("cache" in self.ctx.code_of(d) for d in func.decorators):
            return  # `@lru_cache def client(): ...` is the fix
        parents = self.ctx.parents
        parent = parents[-1] if parents else None
        if isinstance(parent, cst.Return):
            self._factories[func.name.value] = label
        elif self.ctx.in_async_function:
            return  # a per-request session in a coroutine is CON009's finding
        elif isinstance(parent, cst.WithItem) and len(parents) >= 2 and isinstance(parents[-2], cst.With):
            block = parents[-2]
            if not any(isinstance(n, (cst.For, cst.While, *_COMPREHENSIONS)) for n in walk(block.body)):
                self._per_call[func.name.value] = (node, label)

    def end_of_file(self) -> None:
        reported: set[str] = set()
        for callee, call, invariant in self._looped_calls:
            if callee in self._factories and invariant:
                self.report(
                    call,
                    f"`{callee}()` builds a new {self._factories[callee]} on every loop iteration, discarding its "
                    "connection pool; call it once before the loop and reuse the client",
                )
            elif callee in self._per_call and callee not in reported:
                reported.add(callee)
                ctor, label = self._per_call[callee]
                self.report(
                    ctor,
                    f"`{callee}()` opens a new {label} for a single request and is called in a loop: every call "
                    "pays a new TCP/TLS handshake; create one session for the whole run and pass it in",
                )


_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


def _local_callee(call: cst.Call) -> str | None:
    """`helper(...)` or `self.helper(...)`: the name of a function that may be defined in this module."""
    func = call.func
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value in ("self", "cls"):
        return func.attr.value
    return None


def _args_invariant(call: cst.Call, loop) -> bool:
    args = cst.Tuple([cst.Element(a.value) for a in call.args]) if call.args else cst.Tuple([])
    return invariant_in(args, loop)
