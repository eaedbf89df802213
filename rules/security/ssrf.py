import libcst as cst

from codeaudit.analysis.helpers import arg, interpolated, string_value
from codeaudit.analysis.taint import TaintRule
from codeaudit.rule import Category, Confidence, Severity

_HTTP_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "stream"})
_CLIENT_MODULES = frozenset({"requests", "httpx", "aiohttp", "urllib3"})
_URLOPEN = frozenset({"urllib.request.urlopen", "urllib.request.Request", "urllib.urlopen", "urllib2.urlopen"})
_CLIENT_NAMES = frozenset({"session", "client", "http", "sess", "http_client", "s"})
#: Code that shows the function validates the host (allow-list or private-address check).
_HOST_CHECKS = ("hostname", "netloc", "ip_address", "is_private", "ALLOWED_HOSTS", "allowed_hosts", "ALLOWED_DOMAINS", "gethostbyname")


class ServerSideRequestForgery(TaintRule):
    """An HTTP request to a URL taken from the client (SSRF).

    ## What it does
    Reports `requests`, `httpx`, `aiohttp`, `urllib3` and `urlopen` calls whose URL
    (or its host) comes from request data, unless the function checks the host
    (`urlparse(...).hostname` against an allow-list, or an address check).

    ## Why is this bad
    The server fetches whatever the client names: cloud metadata endpoints
    (`http://169.254.169.254/`), admin panels on localhost, internal services behind
    the firewall. A scheme check alone does not stop this.

    ## Example
    ```python
    url = request.args["url"]
    resp = requests.get(url, timeout=5)
    ```

    ## Use instead
    ```python
    host = urlparse(url).hostname
    if host not in ALLOWED_HOSTS:
        abort(400)
    resp = requests.get(url, timeout=5, allow_redirects=False)
    ```
    """

    code = "SEC010"
    slug = "server-side-request-forgery"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (918,)
    triggers = (b"requests", b"httpx", b"aiohttp", b"urlopen", b"urllib3")

    VALID = [
        "import requests\nfrom flask import request\nAPI = 'https://api.example.com'\ndef user():\n"
        "    uid = request.args['id']\n    return requests.get(f'{API}/users/{uid}', timeout=5).json()\n",
        "import requests\nfrom urllib.parse import urlparse\nfrom flask import request, abort\nALLOWED = {'a.com'}\n"
        "def fetch():\n    url = request.args['url']\n    if urlparse(url).hostname not in ALLOWED:\n        abort(400)\n"
        "    return requests.get(url, timeout=5).text\n",
        "import requests\nimport sys\ndef main():\n    print(requests.get(sys.argv[1], timeout=5).text)\n",
    ]
    INVALID = [
        "import requests\nfrom flask import request\ndef preview():\n    url = request.args.get('url', '')\n"
        "    if not url.startswith(('http://', 'https://')):\n        return None\n"
        "    return requests.get(url, timeout=5).text  # expect: SEC010\n",
        "import httpx\nfrom fastapi import FastAPI\napp = FastAPI()\n@app.post('/hook')\nasync def hook(callback_url: str):\n"
        "    async with httpx.AsyncClient() as client:\n"
        "        await client.post(callback_url, json={})  # expect: SEC010\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        name = self.ctx.call_name(node) or ""
        func = node.func
        if name in _URLOPEN:
            url = arg(node, 0, "url")
        elif isinstance(func, cst.Attribute) and func.attr.value in _HTTP_VERBS:
            if not self._is_client(func.value, name):
                return
            url = arg(node, 1, "url") if func.attr.value == "request" else arg(node, 0, "url")
        else:
            return
        if url is None:
            return
        parts = interpolated(url)
        if parts is not None and not self._host_is_dynamic(url):
            return
        origin = self.tainted(url, remote_only=True)
        if origin is None or self.function_mentions(*_HOST_CHECKS):
            return
        self.report(node, f"{self.taint.evidence(origin)} and is used as the URL of a server-side request: the "
                          "client can reach internal services and cloud metadata; allow-list the host")  # fmt: skip

    def _is_client(self, receiver, name: str) -> bool:
        if name.split(".")[0] in _CLIENT_MODULES:
            return True
        tail = receiver.attr.value if isinstance(receiver, cst.Attribute) else receiver.value if isinstance(receiver, cst.Name) else ""
        return tail in _CLIENT_NAMES or tail.endswith(("session", "client"))

    def _host_is_dynamic(self, url) -> bool:
        """False when the string starts with a fixed scheme://host/ (the client only picks a path)."""
        first = url.parts[0] if isinstance(url, cst.FormattedString) and url.parts else None
        if isinstance(first, cst.FormattedStringText):
            text = first.value
        elif isinstance(first, cst.FormattedStringExpression):
            return not self.taint.is_static(first.expression)
        elif isinstance(url, cst.BinaryOperation):
            left = url.left
            while isinstance(left, cst.BinaryOperation):
                left = left.left
            if self.taint.is_static(left):
                text = string_value(left) or "x://fixed/"
            else:
                return True
        else:
            return True
        return not ("://" in text and "/" in text.split("://", 1)[1])
