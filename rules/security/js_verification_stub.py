import re

from codeaudit.js import text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_VERIFY_NAME = re.compile(r"^(verify|validate|check|is_?valid|authenticate|authorize|is_?authori[sz]ed|"
                          r"has_?permission|can_?access)\w*(signature|token|auth|password|credential|hmac|webhook|"
                          r"permission|access|session|user|request|admin)\w*$|^(verify|authenticate|authorize)$", re.I)
_FUNCS = ["function_declaration", "method_definition"]


class JsVerificationStub(JsRule):
    """A signature, token or permission check that always returns `true`.

    ## What it does
    Reports functions named like security checks (`verifyWebhookSignature`,
    `validateToken`, `checkPermission`, `isAuthorized`) whose whole body is
    `return true` and that ignore their parameters.

    ## Why is this bad
    Callers rely on the check; a stub accepts forged webhooks, expired tokens and
    unauthorised users. Assistants leave such stubs behind with a comment saying a
    real implementation would verify the signature.

    ## Example
    ```typescript
    function verifyWebhookSignature(payload: Buffer, signature?: string): boolean {
      return true;
    }
    ```

    ## Use instead
    Verify for real (e.g. `stripe.webhooks.constructEvent(payload, sig, secret)`),
    or throw until it is implemented.
    """

    code = "SEC115"
    slug = "js-verification-stub"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    cwe = (347, 285)
    query = "[(function_declaration) (method_definition) (arrow_function) (function_expression)] @fn"

    VALID = [
        "function verifySignature(payload, sig) {\n  return crypto.timingSafeEqual(hmac(payload), sig);\n}\n",
        "function isEnabled(flag) { return true; }\nfunction verifyToken() { return true; }\n",
    ]
    INVALID = [
        "function verifyWebhookSignature(payload, signature) {\n  // TODO\n  return true;  // expect: SEC115\n}\n",
        ("typescript", "const checkPermission = (user: User, action: string): boolean => {\n"
                       "  return true;  // expect: SEC115\n};\n"),
    ]

    def check(self, captures):
        from codeaudit.js import function_name

        fn = captures["fn"][0]
        name = function_name(fn)
        if not name or not _VERIFY_NAME.search(name):
            return
        params = fn.child_by_field_name("parameters")
        if params is None or not [p for p in params.named_children if p.type != "comment"]:
            return
        body = fn.child_by_field_name("body")
        if body is None:
            return
        if body.type == "statement_block":
            statements = [s for s in body.named_children if s.type != "comment"]
            if len(statements) != 1 or statements[0].type != "return_statement":
                return
            returned = statements[0].named_children
            if len(returned) != 1 or text(returned[0]) != "true":
                return
            self.report(statements[0], f"{name}() always returns true: the check it names never happens")
        elif text(body) == "true":
            self.report(body, f"{name}() always returns true: the check it names never happens")
