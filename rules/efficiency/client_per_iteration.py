import libcst as cst

from codeaudit.knowledge.cst_tools import invariant_in, is_retry_loop, real_loops
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


class ClientPerIteration(PythonRule):
    """A new HTTP session or client created on every iteration of a loop.

    ## What it does
    Reports `requests.Session()`, `httpx.Client()`, `aiohttp.ClientSession()`,
    `urllib3.PoolManager()` and `boto3.client(...)` created inside a loop.

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
    triggers = (b"Session", b"session(", b"Client", b"PoolManager", b"boto3")

    VALID = [
        "import requests\ndef f(urls):\n    with requests.Session() as s:\n        for u in urls:\n            s.get(u, timeout=5)\n",
        "import boto3\ndef f(regions):\n    return {r: boto3.client('ec2', region_name=r) for r in regions}\n",
    ]
    INVALID = [
        "import requests\ndef f(urls):\n    for u in urls:\n        s = requests.Session()  # expect: EFF013\n        s.get(u, timeout=5)\n",
        "import httpx\ndef f(urls):\n    for u in urls:\n        with httpx.Client() as c:  # expect: EFF013\n            c.get(u)\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if is_test_file(self.ctx.path):
            return  # tests build fresh clients/queries per case on purpose
        loops = real_loops(self.ctx)
        if not loops:
            return
        name = self.ctx.call_name(node)
        label = _CLIENTS.get(name or "")
        if label is None or any(is_retry_loop(loop) for loop in loops):
            return
        if label.startswith("boto3"):
            # one client per region/account in a loop is normal; only flag a loop-invariant client

            args = cst.Tuple([cst.Element(a.value) for a in node.args]) if node.args else cst.Tuple([])
            if not invariant_in(args, loops[-1]) or isinstance(loops[-1], (cst.DictComp, cst.ListComp)):
                return
        self.report(
            node,
            f"new {label} per loop iteration discards its connection pool: every request pays a new "
            "TCP/TLS handshake; create it once before the loop and reuse it",
        )
