import re

from codeaudit.js import enclosing_function, function_name, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_SECRET_NAME = re.compile(
    r"(token|secret|password|passwd|nonce|salt|api_?key|session_?id|sessionid|otp|csrf|reset|invite|verification|"
    r"auth_?code|activation|magic_?link|signature|private|passcode|passphrase|"
    # bearer codes: whoever knows the value gets access (share links, invites, vouchers, pairing/login codes)
    r"(share|access|claim|redeem|voucher|coupon|promo|pairing|login|recovery|backup|unlock|confirm\w*|download)_?"
    r"(code|link|url|key|id|slug|hash))", re.I)
_CONTAINERS = ("variable_declarator", "assignment_expression", "pair", "return_statement", "arrow_function")


class JsInsecureRandom(JsRule):
    """`Math.random()` used to make tokens, secrets, passwords or reset codes.

    ## What it does
    Reports `Math.random()` when the value is stored in a variable, property or
    returned from a function whose name says it is a token, secret, password,
    nonce, salt, session id, OTP or reset/invite code.

    ## Why is this bad
    `Math.random` is a fast PRNG whose state can be recovered from a few outputs;
    anyone who sees some tokens can predict the next password-reset link.

    ## Example
    ```javascript
    const token = Math.random().toString(36).slice(2);
    ```

    ## Use instead
    ```javascript
    const token = crypto.randomBytes(32).toString("base64url");  // or crypto.randomUUID()
    ```
    """

    code = "SEC105"
    slug = "js-insecure-random"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    cwe = (338,)
    triggers = (b"Math",)
    query = '(call_expression function: (member_expression object: (identifier) @obj property: (property_identifier) @prop) (#eq? @obj "Math") (#eq? @prop "random")) @call'

    VALID = [
        "const delay = 100 + Math.random() * 400;\nel.style.left = `${Math.random() * 100}%`;\n",
        "function jitter(ms) { return ms * (0.5 + Math.random()); }\nconst tokenCount = tokens.length;\n",
        "const token = crypto.randomBytes(32).toString('hex');\n",
        # codes that grant nothing: colours, sample ids, retry jitter, A/B buckets
        "function colorCode() { return '#' + Math.floor(Math.random() * 0xffffff).toString(16); }\n"
        "const sampleId = Math.random() < 0.1 ? 'a' : 'b';\nconst shareRatio = Math.random();\n",
    ]
    INVALID = [
        "const token = Math.random().toString(36).slice(2) + Date.now();  // expect: SEC105\n",
        "function makeResetCode() {\n  return Math.floor(Math.random() * 1e6);  // expect: SEC105\n}\n",
        ("typescript", "session.csrfToken = Math.random().toString(16).slice(2);  // expect: SEC105\n"),
        ("typescript", "function shareCode(): string {\n  return Math.random().toString(36).slice(2, 12);  // expect: SEC105\n}\n"),
        "const doc = { accessKey: Math.random().toString(36).substring(2) };  // expect: SEC105\n",
        "function makeVoucherCode() {\n  return Math.random().toString(36).slice(2, 8).toUpperCase();  // expect: SEC105\n}\n",
    ]

    def check(self, captures):
        call = captures["call"][0]
        name = self._purpose(call)
        if name and _SECRET_NAME.search(name) and not re.search(r"(count|length|index|limit|delay|color|colour)$", name, re.I):
            self.report(call, f"Math.random() is predictable but generates '{name}'; use crypto.randomBytes / "
                              "crypto.randomUUID / crypto.getRandomValues")

    def _purpose(self, call):
        node = call.parent
        while node is not None and node.type not in ("statement_block", "program"):
            if node.type == "variable_declarator":
                return text(node.child_by_field_name("name"))
            if node.type == "assignment_expression":
                left = node.child_by_field_name("left")
                return text(left.child_by_field_name("property")) if left.type == "member_expression" else text(left)
            if node.type == "pair":
                return text(node.child_by_field_name("key"))
            if node.type in ("arrow_function", "function_expression", "function"):
                return ""
            node = node.parent
        if node is not None and node.type == "statement_block" and _is_return(call):
            return function_name(enclosing_function(call))
        return ""


def _is_return(call):
    node = call.parent
    while node is not None and node.type != "statement_block":
        if node.type == "return_statement":
            return True
        node = node.parent
    return False
