import libcst as cst

from codeaudit.analysis.helpers import has_kwargs_splat, kwarg, is_test_path
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request"})
_SESSION_FACTORIES = frozenset({"requests.Session", "requests.session", "requests.sessions.Session"})
#: httpx/aiohttp calls that take a `timeout=`; an explicit `None` there switches the default timeout off.
#: Blocking stdlib calls whose default is the global socket timeout (none: wait forever). Value: position of
#: the timeout parameter when passed positionally.
_STDLIB_BLOCKING = {"urllib.request.urlopen": 2, "urllib2.urlopen": 2}
_TIMEOUT_NONE = frozenset({
    "httpx.Client", "httpx.AsyncClient", "httpx.get", "httpx.post", "httpx.put", "httpx.patch", "httpx.delete",
    "httpx.head", "httpx.options", "httpx.request", "httpx.stream", "httpx.Timeout", "aiohttp.ClientTimeout",
})  # fmt: skip


class RequestWithoutTimeout(PythonRule):
    """`requests` calls without a timeout.

    ## What it does
    Reports `requests.get/post/...` and calls on a `requests.Session` (created in
    the file, or a parameter annotated `requests.Session`) that pass no `timeout=`
    or `timeout=None`, and `urllib.request.urlopen` without a timeout. httpx is reported only when its default timeout is switched
    off explicitly (`httpx.AsyncClient(timeout=None)`, `httpx.Timeout(None)`), and
    aiohttp for `ClientTimeout(total=None)`.

    ## Why is this bad
    requests waits forever by default. One slow or malicious server ties up a
    worker per request until the service stops answering (denial of service).

    ## Example
    ```python
    resp = requests.get(url, params=params)
    ```

    ## Use instead
    ```python
    resp = requests.get(url, params=params, timeout=10)
    ```
    """

    code = "SEC022"
    slug = "request-without-timeout"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    cwe = (400, 1088)
    triggers = (b"requests", b"timeout=None", b"Timeout(None", b"total=None", b"urlopen")

    VALID = [
        "import requests\nrequests.get('https://x', timeout=5)\n",
        "import requests\ndef f(**kw):\n    return requests.get('https://x', **kw)\n",
        "import httpx\nhttpx.get('https://x')\n",
        "import httpx\nclient = httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=5.0))\n",
        "import httpx\ndef f(timeout=None):\n    return httpx.Client(timeout=timeout or 10)\n",
        "import aiohttp\nt = aiohttp.ClientTimeout(total=30)\n",
        "import urllib.request\nwith urllib.request.urlopen(req, timeout=10) as r:\n    body = r.read()\n",
        "from urllib.request import urlopen\nbody = urlopen(url, None, 5).read()\n",
    ]
    INVALID = [
        "import requests\nresp = requests.get('https://x', params={'a': 1})  # expect: SEC022\n",
        "import requests\nclass C:\n    def __init__(self):\n        self.session = requests.Session()\n"
        "    def list(self):\n        return self.session.get('https://x/items')  # expect: SEC022\n",
        "import requests\ndef fetch(session: requests.Session, url):\n    return session.get(url)  # expect: SEC022\n",
        "import httpx\nasync def preview(url):\n    async with httpx.AsyncClient(timeout=None) as c:  # expect: SEC022\n"
        "        return (await c.get(url)).status_code\n",
        "import requests\nr = requests.post('https://x', json={}, timeout=None)  # expect: SEC022\n",
        "import urllib.request\ndef rates():\n    with urllib.request.urlopen('https://fx/api') as r:  # expect: SEC022\n"
        "        return r.read()\n",
        "from urllib.request import Request, urlopen\nresp = urlopen(Request(url, data=b'{}'))  # expect: SEC022\n",
        "import httpx\nclient = httpx.Client(timeout=httpx.Timeout(None))  # expect: SEC022\n",
        "import aiohttp\nasync def f():\n    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None)) as s:  # expect: SEC022\n"
        "        pass\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.sessions: set[str] = set()

    def visit_Assign(self, node: cst.Assign) -> None:
        if isinstance(node.value, cst.Call) and (self.ctx.call_name(node.value) or "") in _SESSION_FACTORIES:
            for target in node.targets:
                self.sessions.add(_key(target.target))

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None and isinstance(node.item, cst.Call):
            if (self.ctx.call_name(node.item) or "") in _SESSION_FACTORIES:
                self.sessions.add(_key(node.asname.name))

    def visit_Param(self, node: cst.Param) -> None:
        if node.annotation is not None:
            if (self.ctx.qualified_name(node.annotation.annotation) or "") in _SESSION_FACTORIES:
                self.sessions.add(node.name.value)

    def visit_Call(self, node: cst.Call) -> None:
        if is_test_path(self.ctx.path):
            return
        name = self.ctx.call_name(node) or ""
        if name in _STDLIB_BLOCKING:
            timeout = kwarg(node, "timeout")
            positional = [a for a in node.args if a.keyword is None and not a.star]
            if (timeout is None and len(positional) <= _STDLIB_BLOCKING[name] and not has_kwargs_splat(node)
                    and not any(a.star for a in node.args)) or _is_none(timeout):
                self.report(node, f"{name.rsplit('.', 1)[-1]}() without a timeout waits forever on a stalled server "
                                  "(the socket default is no timeout); pass timeout=<seconds>")
            return
        if name in _TIMEOUT_NONE:
            self._explicit_none(node, name)
            return
        func = node.func
        if not isinstance(func, cst.Attribute) or func.attr.value not in _VERBS:
            return
        name = self.ctx.call_name(node) or ""
        if not (name.startswith("requests.") and name.count(".") == 1) and _key(func.value) not in self.sessions:
            return
        timeout = kwarg(node, "timeout")
        if _is_none(timeout):
            self.report(node, f"{self.ctx.code_of(func)}(timeout=None) waits forever: a stalled server blocks this "
                              "worker; pass timeout=(connect, read) seconds")  # fmt: skip
            return
        if timeout is not None or has_kwargs_splat(node):
            return
        self.report(node, f"{self.ctx.code_of(func)}() has no timeout: a stalled server blocks this worker forever; "
                          "pass timeout=(connect, read) seconds")  # fmt: skip


    def _explicit_none(self, node: cst.Call, name: str) -> None:
        if name == "httpx.Timeout":
            off = bool(node.args) and node.args[0].keyword is None and _is_none(node.args[0].value) and not any(
                a.keyword is not None and not _is_none(a.value) for a in node.args[1:])
        elif name == "aiohttp.ClientTimeout":
            off = _is_none(kwarg(node, "total")) and kwarg(node, "sock_read") is None and kwarg(node, "connect") is None
        else:
            off = _is_none(kwarg(node, "timeout"))
        if not off:
            return
        self.report(node, f"{name}() with its timeout set to None waits forever on a stalled server, tying up a "
                          "worker per request; pass a finite timeout (seconds)")


def _is_none(node) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _key(node) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return "." + node.attr.value if isinstance(node.value, cst.Name) and node.value.value == "self" else node.attr.value
    return ""
