from codeaudit.js import call_args, string_value, strip_parens, text, walk
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_VERIFIERS = {"jsonwebtoken.verify", "jose.jwtVerify", "jwt-simple.decode"}


class JsJwtAlgNone(JsRule):
    """JWT verification that accepts the `none` algorithm.

    ## What it does
    Reports `jwt.verify(token, key, { algorithms: [..., "none"] })` (jsonwebtoken,
    resolved through imports) and other verifiers whose allowed algorithm list
    contains `none`.

    ## Why is this bad
    A token with `"alg": "none"` carries no signature. Accepting it lets anyone
    forge a token with any subject and roles.

    ## Example
    ```javascript
    jwt.verify(token, SECRET, { algorithms: ["HS256", "none"] });
    ```

    ## Use instead
    ```javascript
    jwt.verify(token, SECRET, { algorithms: ["HS256"] });
    ```
    """

    code = "SEC106"
    slug = "js-jwt-alg-none"
    category = Category.SECURITY
    severity = Severity.CRITICAL
    confidence = Confidence.HIGH
    cwe = (347,)
    triggers = (b"none", b"None", b"NONE")
    query = "(call_expression) @call"

    VALID = [
        "const jwt = require('jsonwebtoken');\njwt.verify(t, KEY, { algorithms: ['HS256'] });\n",
        "verify(t, { algorithms: ['none'] });\n",
    ]
    INVALID = [
        "const jwt = require('jsonwebtoken');\njwt.verify(t, KEY, { algorithms: ['HS256', 'none'] });  // expect: SEC106\n",
        ("typescript", "import { verify } from 'jsonwebtoken';\nconst p = verify(t, k, { algorithms: ['none'] });  // expect: SEC106\n"),
    ]

    def check(self, captures):
        call = captures["call"][0]
        if self.js.call_name(call) not in _VERIFIERS:
            return
        for arg in call_args(call)[1:]:
            arg = strip_parens(arg)
            if arg.type != "object":
                continue
            for pair in arg.named_children:
                if pair.type == "pair" and text(pair.child_by_field_name("key")).strip("'\"") == "algorithms":
                    if any(n.type == "string" and (string_value(n) or "").lower() == "none"
                           for n in walk(pair.child_by_field_name("value"))):
                        self.report(call, "JWT verification allows the 'none' algorithm: unsigned tokens are "
                                          "accepted; list only the algorithms you sign with")
