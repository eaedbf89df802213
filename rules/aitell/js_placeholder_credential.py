import re

from codeaudit.js import string_value
from codeaudit.js.base import JsRule
from codeaudit.js.secrets import NOT_SECRET_NAME, PLACEHOLDER, secret_sites
from codeaudit.rule import Category, Confidence, Severity

_CREDENTIAL_NAME = re.compile(r"(secret|passw(or)?d|api_?key|apikey|token|private_?key|access_?key|credential|"
                              r"client_?id|dsn|webhook)", re.I)


_TEXT_NAME = re.compile(r"(hint|label|placeholder|message|text)$", re.I)


class JsPlaceholderCredential(JsRule):
    """A placeholder credential (`"sk_test_your_key_here"`, `"YOUR_API_KEY"`) used as a value or fallback.

    ## What it does
    Reports placeholder strings (`your_...`, `..._here`, `xxx`, `<token>`,
    `replace_me`) assigned to secret-named constants and properties or used as
    the fallback of a secret environment variable.

    ## Why is this bad
    The code looks configured but is not: with the variable unset it starts and
    fails later with confusing authentication errors (or talks to a test account).
    It is a typical leftover of generated sample code.

    ## Example
    ```typescript
    const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? "sk_test_your_key_here");
    ```

    ## Use instead
    Read the variable and fail at start-up when it is missing:
    ```typescript
    const key = process.env.STRIPE_SECRET_KEY;
    if (!key) throw new Error("STRIPE_SECRET_KEY is not set");
    ```
    """

    code = "AIT102"
    slug = "js-placeholder-credential"
    category = Category.AI_TELL
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    query = "[(variable_declarator) (pair) (assignment_expression) (binary_expression)] @site"

    VALID = [
        "const API_KEY = process.env.API_KEY;\nconst opts = { placeholder: 'your email here' };\n",
        "const TOKEN_HINT = 'paste your token here';\n",
    ]
    INVALID = [
        "const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? 'sk_test_your_key_here');  // expect: AIT102\n",
        ("typescript", "const config = {\n  apiKey: 'YOUR_API_KEY',  // expect: AIT102\n};\n"),
    ]

    def check(self, captures):
        site = captures["site"][0]
        if site.type == "binary_expression":
            if site.parent is not None and site.parent.type in ("variable_declarator", "pair", "assignment_expression"):
                return  # handled at the declaration
            sites = secret_sites(_Wrap(site))
        else:
            sites = secret_sites(site)
        for name, literal in sites:
            value = string_value(literal) or ""
            plausible = _CREDENTIAL_NAME.search(name) and not NOT_SECRET_NAME.search(name) and not _TEXT_NAME.search(name)
            if plausible and value and PLACEHOLDER.search(value) and " " not in value:
                self.report(literal, f"placeholder credential {value!r} for '{name}': the code runs with a fake "
                                     "secret; require the real value from the environment")
                return


class _Wrap:
    """Presents a bare `process.env.X ?? "..."` expression as a declarator for secret_sites."""

    type = "variable_declarator"

    def __init__(self, node):
        self._node = node

    def child_by_field_name(self, name):
        if name == "value":
            return self._node
        if name == "name":
            return self._node.child_by_field_name("left")
        return None
