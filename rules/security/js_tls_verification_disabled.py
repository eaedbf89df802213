from codeaudit.js import string_value, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_KEYS = {"rejectUnauthorized": "false", "strictSSL": "false", "insecure": "true"}


class JsTlsVerificationDisabled(JsRule):
    """TLS certificate verification turned off (`rejectUnauthorized: false`).

    ## What it does
    Reports `rejectUnauthorized: false` (https/tls agents, axios, pg, mongodb,
    nodemailer options), `strictSSL: false`, and setting
    `process.env.NODE_TLS_REJECT_UNAUTHORIZED` to `"0"`.

    ## Why is this bad
    Without certificate checks anyone on the network path can impersonate the
    server and read or alter the traffic, including credentials.

    ## Example
    ```javascript
    const agent = new https.Agent({ rejectUnauthorized: false });
    ```

    ## Use instead
    Keep verification on; trust a private CA explicitly:
    ```javascript
    const agent = new https.Agent({ ca: fs.readFileSync("internal-ca.pem") });
    ```
    """

    code = "SEC113"
    slug = "js-tls-verification-disabled"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (295,)
    query = """
    (pair key: (_) @key value: (_) @value) @pair
    (assignment_expression left: (member_expression) @left right: (_) @value) @pair
    """

    VALID = [
        "const agent = new https.Agent({ rejectUnauthorized: true, ca });\nconst o = { strictSSL: true };\n",
        "const opts = { rejectUnauthorized: process.env.NODE_ENV === 'production' };\n",
    ]
    INVALID = [
        "const agent = new https.Agent({ rejectUnauthorized: false });  // expect: SEC113\n",
        ("typescript", "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';  // expect: SEC113\n"),
    ]

    def check(self, captures):
        pair, value = captures["pair"][0], strip_parens(captures["value"][0])
        if "key" in captures:
            key = text(captures["key"][0]).strip("'\"")
            if _KEYS.get(key) == text(value):
                self.report(pair, f"{key}: {text(value)} disables TLS certificate verification; keep it on and "
                                  "configure the CA instead")
            return
        if text(captures["left"][0]).endswith("NODE_TLS_REJECT_UNAUTHORIZED") and string_value(value) == "0":
            self.report(pair, "NODE_TLS_REJECT_UNAUTHORIZED=0 disables TLS verification for the whole process")
