import re

from codeaudit.js import string_value, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_PLACEHOLDER_URL = re.compile(r"^(https?|wss?)://([\w-]+\.)*(example\.(com|org|net)|your-?(domain|api|server|app|site)"
                              r"[\w.-]*|api\.yourservice\.\w+)(:\d+)?(/|$)", re.I)
_DOC_KEYS = re.compile(r"(placeholder|example|sample|hint|description|doc|help)", re.I)


class JsPlaceholderUrl(JsRule):
    """An endpoint URL on a placeholder host (`api.example.com`, `your-domain.com`).

    ## What it does
    Reports string literals with an `http(s)://` URL on `example.com/.org/.net`
    (and subdomains) or `your-domain`-style hosts, used as constants or call
    arguments (not JSX `placeholder` text or documentation fields).

    ## Why is this bad
    `example.com` is reserved and never serves your API: the code looks wired up
    but every request fails (or leaks data to whoever answers). It marks generated
    sample code that was never configured.

    ## Example
    ```typescript
    const LEDGER_URL = "https://api.example.com/ledger/entries";
    ```

    ## Use instead
    ```typescript
    const LEDGER_URL = requiredEnv("LEDGER_URL");
    ```
    """

    code = "AIT103"
    slug = "js-placeholder-url"
    category = Category.AI_TELL
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    query = "(string) @str"

    VALID = [
        "const API = 'https://api.acme.io/v1';\nconst opts = { placeholder: 'https://example.com' };\n",
        "const email = 'ops@example.com';\n",
    ]
    INVALID = [
        "const LEDGER_URL = 'https://api.example.com/ledger/entries';  // expect: AIT103\n",
        ("typescript", "await fetch('https://your-domain.com/api/sync', { method: 'POST' });  // expect: AIT103\n"),
    ]

    def check(self, captures):
        node = captures["str"][0]
        value = string_value(node) or ""
        if not _PLACEHOLDER_URL.match(value):
            return
        parent = node.parent
        if parent is None or parent.type in ("jsx_attribute",):
            return
        if parent.type == "pair" and _DOC_KEYS.search(text(parent.child_by_field_name("key"))):
            return
        if parent.type == "variable_declarator" and _DOC_KEYS.search(text(parent.child_by_field_name("name"))):
            return
        self.report(node, f"placeholder URL {value!r}: this endpoint does not exist; configure the real one "
                          "(e.g. from the environment)")
