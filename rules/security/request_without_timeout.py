import libcst as cst

from codeaudit.analysis.helpers import has_kwargs_splat, kwarg, is_test_path
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request"})
_SESSION_FACTORIES = frozenset({"requests.Session", "requests.session", "requests.sessions.Session"})


class RequestWithoutTimeout(PythonRule):
    """`requests` calls without a timeout.

    ## What it does
    Reports `requests.get/post/...` and calls on a `requests.Session` (created in
    the file, or a parameter annotated `requests.Session`) that pass no `timeout=`.
    httpx is not reported: it has a default timeout.

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
    triggers = (b"requests",)

    VALID = [
        "import requests\nrequests.get('https://x', timeout=5)\n",
        "import requests\ndef f(**kw):\n    return requests.get('https://x', **kw)\n",
        "import httpx\nhttpx.get('https://x')\n",
    ]
    INVALID = [
        "import requests\nresp = requests.get('https://x', params={'a': 1})  # expect: SEC022\n",
        "import requests\nclass C:\n    def __init__(self):\n        self.session = requests.Session()\n"
        "    def list(self):\n        return self.session.get('https://x/items')  # expect: SEC022\n",
        "import requests\ndef fetch(session: requests.Session, url):\n    return session.get(url)  # expect: SEC022\n",
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
        func = node.func
        if not isinstance(func, cst.Attribute) or func.attr.value not in _VERBS:
            return
        name = self.ctx.call_name(node) or ""
        if not (name.startswith("requests.") and name.count(".") == 1) and _key(func.value) not in self.sessions:
            return
        if kwarg(node, "timeout") is not None or has_kwargs_splat(node):
            return
        self.report(node, f"{self.ctx.code_of(func)}() has no timeout: a stalled server blocks this worker forever; "
                          "pass timeout=(connect, read) seconds")  # fmt: skip


def _key(node) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return "." + node.attr.value if isinstance(node.value, cst.Name) and node.value.value == "self" else node.attr.value
    return ""
