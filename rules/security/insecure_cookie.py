import re

import libcst as cst

from codeaudit.analysis.helpers import is_false, kwarg, string_value, is_test_path
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_SETTINGS = frozenset({"SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "REMEMBER_COOKIE_SECURE", "REMEMBER_COOKIE_HTTPONLY"})
_SENSITIVE = re.compile(r"(?i)(sid|session|token|auth|jwt|remember|login|csrf|refresh|access)")


class InsecureCookie(PythonRule):
    """Session or auth cookies without `Secure`/`HttpOnly`.

    ## What it does
    Reports `set_cookie(...)` of a session/auth/token cookie that does not pass both
    `secure=True` and `httponly=True`, and settings such as `SESSION_COOKIE_SECURE = False`
    or `SESSION_COOKIE_HTTPONLY = False` (Django, Flask).

    ## Why is this bad
    Without `Secure` the cookie also travels over plain HTTP, where it can be
    sniffed; without `HttpOnly` any XSS reads it with `document.cookie`. Either way the
    session is stolen.

    ## Example
    ```python
    response.set_cookie("sid", sid, max_age=3600)
    ```

    ## Use instead
    ```python
    response.set_cookie("sid", sid, max_age=3600, secure=True, httponly=True, samesite="lax")
    ```
    """

    code = "SEC025"
    slug = "insecure-cookie"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    cwe = (614, 1004)
    triggers = (b"set_cookie", b"COOKIE_")

    VALID = [
        "def login(response, sid):\n    response.set_cookie('sid', sid, secure=True, httponly=True, samesite='lax')\n",
        "def theme(response):\n    response.set_cookie('theme', 'dark')\n",
        "SESSION_COOKIE_SECURE = True\n",
    ]
    INVALID = [
        "def login(response, sid):\n    response.set_cookie('sid', sid, max_age=3600)  # expect: SEC025\n",
        "SESSION_COOKIE_SECURE = False  # expect: SEC025\n",
        "def login(resp, token):\n    resp.set_cookie(key='auth_token', value=token, secure=True, httponly=False)  # expect: SEC025\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if is_test_path(self.ctx.path):
            return
        func = node.func
        if not isinstance(func, cst.Attribute) or func.attr.value != "set_cookie" or not node.args:
            return
        if any(a.star == "**" for a in node.args):
            return
        key = kwarg(node, "key") or (node.args[0].value if node.args[0].keyword is None else None)
        name = string_value(key) or (self.ctx.code_of(key) if key is not None else "")
        if not _SENSITIVE.search(name):
            return
        missing = [flag for flag in ("secure", "httponly") if kwarg(node, flag) is None or is_false(kwarg(node, flag))]
        if missing:
            self.report(node, f"cookie {name!r} is set without {' and '.join(f'{m}=True' for m in missing)}: it can "
                              "be sniffed over HTTP or read by injected scripts; set secure=True, httponly=True")  # fmt: skip

    def visit_Assign(self, node: cst.Assign) -> None:
        if is_test_path(self.ctx.path):
            return
        if not is_false(node.value):
            return
        for target in node.targets:
            t = target.target
            name = t.value if isinstance(t, cst.Name) else ""
            if isinstance(t, cst.Subscript) and t.slice and isinstance(t.slice[0].slice, cst.Index):
                name = string_value(t.slice[0].slice.value) or ""
            if name in _SETTINGS:
                self.report(node, f"{name} = False lets the session cookie travel over plain HTTP or be read by "
                                  "scripts; set it to True")  # fmt: skip
