import libcst as cst

from codeaudit.analysis.helpers import is_false, kwarg, string_value, is_test_path
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_DECODERS = frozenset({"jwt.decode", "jose.jwt.decode", "jwt.api_jwt.decode", "jwt.PyJWT.decode"})


class JwtUnverified(PythonRule):
    """JWTs decoded without signature verification or with the `none` algorithm allowed.

    ## What it does
    Reports `jwt.decode` (PyJWT, python-jose) with `options={"verify_signature": False}`,
    `verify=False`, or an `algorithms` list that contains `"none"`.

    ## Why is this bad
    An unverified token is just base64 the client wrote: anyone can set
    `"sub": "admin"`. Allowing `none` lets a token with no signature pass.

    ## Example
    ```python
    claims = jwt.decode(token, options={"verify_signature": False})
    ```

    ## Use instead
    ```python
    claims = jwt.decode(token, key, algorithms=["HS256"])
    ```
    """

    code = "SEC020"
    slug = "jwt-unverified"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (347,)
    triggers = (b"jwt",)

    VALID = [
        "import jwt\ndef claims(token, key):\n    return jwt.decode(token, key, algorithms=['HS256'])\n",
        "import jwt\ndef header(token):\n    return jwt.get_unverified_header(token)\n",
    ]
    INVALID = [
        "import jwt\ndef claims(token):\n    return jwt.decode(token, options={'verify_signature': False})  # expect: SEC020\n",
        "import jwt\ndef claims(token, key):\n    return jwt.decode(token, key, algorithms=['HS256', 'none'])  # expect: SEC020\n",
        "import jwt\ndef claims(token, key):\n    return jwt.decode(token, key, verify=False)  # expect: SEC020\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if is_test_path(self.ctx.path):
            return
        if (self.ctx.call_name(node) or "") not in _DECODERS:
            return
        options = kwarg(node, "options")
        if isinstance(options, cst.Dict):
            for element in options.elements:
                if isinstance(element, cst.DictElement) and string_value(element.key) == "verify_signature" and is_false(element.value):
                    self.report(node, "jwt.decode() with verify_signature=False accepts any token the client forges; "
                                      "pass the key and algorithms=[...]")  # fmt: skip
                    return
        if is_false(kwarg(node, "verify")):
            self.report(node, "jwt.decode(verify=False) accepts any token the client forges; pass the key and algorithms")
            return
        algorithms = kwarg(node, "algorithms")
        if isinstance(algorithms, (cst.List, cst.Tuple, cst.Set)):
            if any((string_value(e.value) or "").lower() == "none" for e in algorithms.elements):
                self.report(node, "jwt.decode() allows the 'none' algorithm: unsigned tokens pass; list only the "
                                  "algorithm you sign with")  # fmt: skip
