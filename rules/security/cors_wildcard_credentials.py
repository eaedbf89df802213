import libcst as cst

from codeaudit.analysis.helpers import is_true, kwarg, string_value
from codeaudit.rule import Category, Confidence, PythonRule, Severity


def _is_wildcard(node) -> bool:
    if string_value(node) == "*":
        return True
    return isinstance(node, (cst.List, cst.Tuple, cst.Set)) and any(string_value(e.value) == "*" for e in node.elements)


class CorsWildcardCredentials(PythonRule):
    """CORS that allows any origin together with credentials.

    ## What it does
    Reports FastAPI/Starlette `CORSMiddleware` with `allow_origins=["*"]` (or an
    `allow_origin_regex` of `.*`) and `allow_credentials=True`, flask-cors
    `CORS(..., supports_credentials=True)` without a specific origin list, and Django
    `CORS_ALLOW_ALL_ORIGINS = True` alongside `CORS_ALLOW_CREDENTIALS = True`.

    ## Why is this bad
    The libraries answer with the caller's own origin to make this combination
    work, so any website a logged-in user visits can call the API with their
    cookies and read the responses.

    ## Example
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
    ```

    ## Use instead
    ```python
    app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)
    ```
    """

    code = "SEC024"
    slug = "cors-wildcard-credentials"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (942, 346)
    triggers = (b"CORS", b"allow_credentials", b"supports_credentials")

    VALID = [
        "from fastapi.middleware.cors import CORSMiddleware\n"
        "app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_methods=['GET'])\n",
        "from flask_cors import CORS\nCORS(app, origins=['https://a.example'], supports_credentials=True)\n",
        "CORS_ALLOW_ALL_ORIGINS = True\n",
    ]
    INVALID = [
        "from fastapi.middleware.cors import CORSMiddleware\napp.add_middleware(  # expect: SEC024\n"
        "    CORSMiddleware,\n    allow_origins=['*'],\n    allow_credentials=True,\n)\n",
        "from flask_cors import CORS\nCORS(app, supports_credentials=True)  # expect: SEC024\n",
        "CORS_ALLOW_ALL_ORIGINS = True  # expect: SEC024\nCORS_ALLOW_CREDENTIALS = True\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        name = self.ctx.call_name(node) or ""
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "add_middleware" and node.args:
            if not (self.ctx.qualified_name(node.args[0].value) or "").endswith("CORSMiddleware"):
                return
        elif not name.endswith("CORSMiddleware"):
            if name in ("flask_cors.CORS", "flask_cors.cross_origin") and is_true(kwarg(node, "supports_credentials")):
                origins = kwarg(node, "origins") or kwarg(node, "resources")
                if origins is None or _is_wildcard(origins):
                    self._report(node)
            return
        regex = string_value(kwarg(node, "allow_origin_regex"))
        wildcard = _is_wildcard(kwarg(node, "allow_origins")) or regex in (".*", "^.*$", ".+")
        if wildcard and is_true(kwarg(node, "allow_credentials")):
            self._report(node)

    def visit_Assign(self, node: cst.Assign) -> None:
        if self.ctx.function is not None or not is_true(node.value):
            return
        for target in node.targets:
            if isinstance(target.target, cst.Name) and target.target.value in ("CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"):
                if "CORS_ALLOW_CREDENTIALS = True" in self.ctx.source.text:
                    self._report(node)

    def _report(self, node) -> None:
        self.report(node, "CORS allows every origin with credentials: any website can make authenticated requests "
                          "as the visitor and read the answers; list the trusted origins")  # fmt: skip
