import libcst as cst

from codeaudit.analysis.helpers import is_false, kwarg, is_test_path
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_UNVERIFIED = frozenset({"ssl._create_unverified_context", "ssl._create_stdlib_context"})


class TlsVerificationDisabled(PythonRule):
    """TLS certificate verification switched off.

    ## What it does
    Reports `verify=False` on HTTP calls and clients (requests, httpx, sessions),
    `ssl=False` on aiohttp calls, `ssl._create_unverified_context()`, `ssl.CERT_NONE`
    and `check_hostname = False`.

    ## Why is this bad
    Without verification anyone on the network path (Wi-Fi, proxy, compromised
    router) can present their own certificate and read or change the traffic,
    including API keys and card data.

    ## Example
    ```python
    requests.post(url, json=payload, verify=False, timeout=10)
    ```

    ## Use instead
    ```python
    requests.post(url, json=payload, verify="/etc/ssl/internal-ca.pem", timeout=10)
    ```
    """

    code = "SEC021"
    slug = "tls-verification-disabled"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (295,)
    triggers = (b"verify", b"ssl", b"CERT_NONE", b"check_hostname")

    VALID = [
        "import requests\nrequests.get('https://x', timeout=5, verify='/etc/ca.pem')\n",
        "import ssl\nctx = ssl.create_default_context()\n",
        "def verify(x, verify=False):\n    return check(x, verify=verify)\n",
    ]
    INVALID = [
        "import requests\nrequests.get('https://x', timeout=5, verify=False)  # expect: SEC021\n",
        "import ssl\nctx = ssl._create_unverified_context()  # expect: SEC021\n",
        "import ssl\nctx = ssl.create_default_context()\nctx.check_hostname = False  # expect: SEC021\n"
        "ctx.verify_mode = ssl.CERT_NONE  # expect: SEC021\n",
        "import httpx\nclient = httpx.Client(verify=False)  # expect: SEC021\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if is_test_path(self.ctx.path):
            return
        name = self.ctx.call_name(node) or ""
        if name in _UNVERIFIED:
            self.report(node, f"{name}() skips certificate and host checks: anyone on the path can intercept; use "
                              "ssl.create_default_context()")  # fmt: skip
            return
        if is_false(kwarg(node, "verify")) and self._is_http(node, name):
            self.report(node, "verify=False turns off certificate checks: traffic can be read and changed in transit; "
                              "pass a CA bundle path instead")  # fmt: skip
        elif is_false(kwarg(node, "ssl")) and isinstance(node.func, cst.Attribute):
            self.report(node, "ssl=False turns off certificate checks for this request; pass an SSLContext instead")

    def _opt_out(self) -> bool:
        """Inside `if not verify:`-style branches the code implements a caller's explicit opt-out."""
        for parent in reversed(self.ctx.parents):
            if isinstance(parent, cst.If):
                test = self.ctx.code_of(parent.test).lower()
                if "verif" in test or "insecure" in test:
                    return True
            if isinstance(parent, cst.FunctionDef):
                return False
        return False

    def _is_http(self, node: cst.Call, name: str) -> bool:
        head = name.split(".")[0]
        if head in ("requests", "httpx", "urllib3", "aiohttp"):
            return True
        func = node.func
        return isinstance(func, cst.Attribute) and func.attr.value in ("get", "post", "put", "patch", "delete", "head", "request", "options", "send", "stream")

    def visit_Assign(self, node: cst.Assign) -> None:
        if is_test_path(self.ctx.path) or self._opt_out():
            return
        for target in node.targets:
            attr = target.target.attr.value if isinstance(target.target, cst.Attribute) else ""
            if attr == "check_hostname" and is_false(node.value):
                self.report(node, "check_hostname = False accepts a valid certificate for any host; leave it on")
            elif attr == "verify_mode" and (self.ctx.qualified_name(node.value) or "") == "ssl.CERT_NONE":
                self.report(node, "verify_mode = CERT_NONE accepts any certificate; use ssl.CERT_REQUIRED")
            elif attr == "verify" and is_false(node.value) and "session" in self.ctx.code_of(target.target).lower():
                self.report(node, "session.verify = False turns off certificate checks for every request")
