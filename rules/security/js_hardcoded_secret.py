import re

from codeaudit.js import string_value, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_SECRET_NAME = re.compile(
    r"(secret|passw(or)?d|passwd|pwd|api_?key|apikey|private_?key|access_?key|auth_?token|access_?token|"
    r"client_?secret|signing_?key|encryption_?key|jwt_?key|session_?key|webhook_?secret|credentials?$)", re.I)
_NOT_SECRET_NAME = re.compile(r"(url|uri|path|file|name|label|header|field|env|var|key_?id|placeholder|length|"
                              r"min|max|regex|pattern|type|prefix|hint|message|error|input|policy|reset)$", re.I)
#: Values with a well-known secret format, whatever the name.
_KNOWN_FORMATS = re.compile(r"^(sk_live_[0-9a-zA-Z]{16,}|rk_live_|AKIA[0-9A-Z]{16}$|ghp_[0-9A-Za-z]{30,}|"
                            r"xox[baprs]-[0-9A-Za-z-]{10,}|SG\.[\w-]{16,}\.[\w-]{16,}|-----BEGIN [A-Z ]*PRIVATE KEY)")
#: Placeholder values are an AI tell (AIT102), not a leaked secret.
PLACEHOLDER = re.compile(r"(your[_-]?|_here\b|-here\b|xxx|<[^>]+>|placeholder|replace[_-]?(me|this)|insert[_-]|"
                         r"\.\.\.|^(test|example|dummy|fake|todo|none|null|secret|password|changeme)$|^\*+$)", re.I)


def secret_literal(name: str, value: str) -> bool:
    """Is ``value`` (assigned to ``name``) a real-looking hard-coded secret?"""
    if _KNOWN_FORMATS.match(value):
        return True
    if not _SECRET_NAME.search(name) or _NOT_SECRET_NAME.search(name):
        return False
    if len(value) < 8 or " " in value or PLACEHOLDER.search(value) or value.startswith(("http://", "https://", "/")):
        return False
    return not re.fullmatch(r"[A-Z][A-Z0-9_]+", value)  # an env var name, not a value


def secret_sites(node):
    """(name, string node) pairs: `const KEY = "..."`, `{ apiKey: "..." }`, `x.secret = "..."`,
    and `process.env.X_SECRET ?? "..."` fallbacks (the env name counts)."""
    kind = node.type
    if kind == "variable_declarator":
        name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
    elif kind == "pair":
        name, value = node.child_by_field_name("key"), node.child_by_field_name("value")
    elif kind == "assignment_expression":
        name, value = node.child_by_field_name("left"), node.child_by_field_name("right")
        if name is not None and name.type == "member_expression":
            name = name.child_by_field_name("property")
    else:
        return []
    if name is None or value is None or name.type in ("object_pattern", "array_pattern"):
        return []
    label = text(name).strip("'\"")
    value = strip_parens(value)
    sites = []
    if value.type == "binary_expression" and text(value.child_by_field_name("operator")) in ("??", "||"):
        left, right = strip_parens(value.child_by_field_name("left")), strip_parens(value.child_by_field_name("right"))
        env = text(left).rsplit(".", 1)[-1] if text(left).startswith("process.env.") else ""
        if string_value(right) is not None:
            sites.append((env or label, right))
            if env:
                sites.append((label, right))
    elif string_value(value) is not None and value.type == "string":
        sites.append((label, value))
    return sites


class JsHardcodedSecret(JsRule):
    """A password, API key or signing secret written into JS/TS source.

    ## What it does
    Reports string literals assigned to secret-named constants, properties or
    environment fallbacks (`process.env.JWT_SECRET ?? "dev-secret"`), and literals
    in well-known secret formats (Stripe live keys, AWS access keys, GitHub/Slack
    tokens, SendGrid keys, PEM private keys). Obvious placeholders
    (`"your_key_here"`) are left to AIT102.

    ## Why is this bad
    Source code is copied to laptops, CI logs, bundles and forks. A secret in it
    is a leaked secret; an env fallback silently runs production with the
    well-known default when the variable is missing.

    ## Example
    ```javascript
    const JWT_SECRET = process.env.JWT_SECRET ?? "dev-secret-change-me";
    ```

    ## Use instead
    ```javascript
    const JWT_SECRET = process.env.JWT_SECRET;
    if (!JWT_SECRET) throw new Error("JWT_SECRET is not set");
    ```
    """

    code = "SEC114"
    slug = "js-hardcoded-secret"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    cwe = (798,)
    query = "[(variable_declarator) (pair) (assignment_expression)] @site"

    VALID = [
        "const JWT_SECRET = process.env.JWT_SECRET;\nconst PASSWORD_FIELD = 'password';\nconst apiKey = config.apiKey;\n",
        "const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? 'sk_test_your_key_here');\n"
        "const SECRET_ENV = 'JWT_SECRET';\nconst opts = { password: '' };\n",
    ]
    INVALID = [
        "const JWT_SECRET = process.env.JWT_SECRET ?? 'dev-secret-change-me';  // expect: SEC114\n",
        "const MAIL_API_KEY = 'SG.x9fK2mQ7bP4tR8wL1nV6cZ3d.hJ5kY0uA2eB7gN4sT9pW1qX6vM3rC8fD0lE5jH2iK7';  // expect: SEC114\n",
        ("typescript", "const db = new Client({\n  user: 'app',\n  password: 'Tr0ub4dor&3x',  // expect: SEC114\n});\n"),
    ]

    def check(self, captures):
        site = captures["site"][0]
        for name, literal in secret_sites(site):
            value = string_value(literal) or ""
            if secret_literal(name, value):
                self.report(literal, f"hard-coded secret in '{name}': move it to the environment or a secret store "
                                     "and rotate it")
                return
