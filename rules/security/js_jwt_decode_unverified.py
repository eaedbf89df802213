import re

from codeaudit.js import enclosing_function, function_name, identifiers_in, text, walk
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_DECODERS = {"jsonwebtoken.decode", "jwt-decode", "jwt-decode.jwtDecode", "jose.decodeJwt"}
_AUTH_NAME = re.compile(r"auth|verify|authenticate|session|current_?user|require|guard|middleware", re.I)


_AUTH_MIDDLEWARE = re.compile(r"auth|verify|jwt|protect|guard|ensureLogged|requireUser|passport", re.I)


def _behind_auth_middleware(fn):
    """The handler is registered after an authentication middleware in the same route call."""
    args = fn.parent
    if args is None or args.type != "arguments":
        return False
    for arg in args.named_children:
        if arg.id == fn.id:
            return False
        if arg.type in ("identifier", "member_expression", "call_expression") and _AUTH_MIDDLEWARE.search(text(arg)):
            return True
    return False


class JsJwtDecodeUnverified(JsRule):
    """`jwt.decode` used to authenticate a request (no signature check).

    ## What it does
    Reports `jwt.decode(token)` (jsonwebtoken, jose `decodeJwt`) in a server-side
    request handler or middleware (a function taking `req`, or named like
    `auth`/`verify`/`requireUser`) that never calls a verify function.

    ## Why is this bad
    `decode` only base64-decodes the payload; it does not check the signature. A
    client can edit the payload (`sub`, `roles`, `iss`) and is trusted anyway.

    ## Example
    ```javascript
    function optionalAuth(req, res, next) {
      req.user = jwt.decode(bearer(req));
      next();
    }
    ```

    ## Use instead
    ```javascript
    req.user = jwt.verify(bearer(req), SECRET, { algorithms: ["HS256"] });
    ```
    """

    code = "SEC107"
    slug = "js-jwt-decode-unverified"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    cwe = (345,)
    triggers = (b"jsonwebtoken", b"jwt-decode", b"jose")
    query = "(call_expression) @call"

    VALID = [
        ("typescript", "import jwt from 'jsonwebtoken';\nrouter.post('/logout', requireAuth, async (ctx) => {\n"
                       "  const decoded = jwt.decode(ctx.get('Authorization').slice(7)) as jwt.JwtPayload;\n"
                       "  await sessions.delete(decoded.sid);\n});\n"),
        "const jwt = require('jsonwebtoken');\nfunction expiresAt(token) { return jwt.decode(token).exp * 1000; }\n",
        "const jwt = require('jsonwebtoken');\nfunction auth(req, res, next) {\n  const claims = jwt.decode(t);\n"
        "  jwt.verify(t, KEY, { algorithms: ['HS256'] });\n  next();\n}\n",
    ]
    INVALID = [
        "const jwt = require('jsonwebtoken');\nfunction optionalAuth(req, res, next) {\n"
        "  req.user = jwt.decode(req.headers.authorization);  // expect: SEC107\n  next();\n}\n",
        ("typescript", "import { decodeJwt } from 'jose';\nexport async function currentUser(token: string) {\n"
                       "  return decodeJwt(token).sub;  // expect: SEC107\n}\n"),
    ]

    def check(self, captures):
        call = captures["call"][0]
        if self.js.call_name(call) not in _DECODERS:
            return
        fn = enclosing_function(call)
        outer = fn
        while outer is not None and enclosing_function(outer) is not None:
            outer = enclosing_function(outer)
        if fn is None:
            return
        params = fn.child_by_field_name("parameters")
        takes_request = params is not None and identifiers_in(params) & {"req", "request", "ctx"}
        if not (takes_request or _AUTH_NAME.search(function_name(fn))):
            return
        for node in walk(outer):
            if node.type == "call_expression" and re.search(r"verify", self.js.call_name(node) or "", re.I):
                return
        if _behind_auth_middleware(fn):
            return  # router.post('/logout', requireAuth, handler): the middleware verified this token
        self.report(call, "jwt decode() does not check the signature, yet its claims authenticate this request; "
                          "use jwt.verify with a fixed algorithm list")
