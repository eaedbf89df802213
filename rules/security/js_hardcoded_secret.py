from codeaudit.js import is_test_path, string_value
from codeaudit.js.secrets import KNOWN_FORMATS, secret_literal, secret_sites
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity


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
        # the second secret of a credentials object is the same defect: one finding per object
        ("typescript", "const s3 = new S3Client({\n  credentials: {\n    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',  // expect: SEC114\n"
                       "    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',\n  },\n});\n"),
        "const JWT_SECRET = process.env.JWT_SECRET ?? 'dev-secret-change-me';  // expect: SEC114\n",
        "const MAIL_API_KEY = 'SG.x9fK2mQ7bP4tR8wL1nV6cZ3d.hJ5kY0uA2eB7gN4sT9pW1qX6vM3rC8fD0lE5jH2iK7';  // expect: SEC114\n",
        ("typescript", "const db = new Client({\n  user: 'app',\n  password: 'Tr0ub4dor&3x',  // expect: SEC114\n});\n"),
    ]

    def check(self, captures):
        site = captures["site"][0]
        in_test = is_test_path(self.ctx.path)
        for name, literal in secret_sites(site):
            value = string_value(literal) or ""
            if in_test and not KNOWN_FORMATS.match(value):
                continue  # 'test-secret' in a test signs fixtures; only real key formats count there
            if secret_literal(name, value):
                if site.type == "pair":
                    done = self.js.__dict__.setdefault("_sec114_pairs", set())
                    done.add(site.id)
                    previous = site.prev_named_sibling
                    while previous is not None and previous.type == "comment":
                        previous = previous.prev_named_sibling
                    if previous is not None and previous.id in done:
                        return  # { accessKeyId: '...', secretAccessKey: '...' }: one credential, one finding
                self.report(literal, f"hard-coded secret in '{name}': move it to the environment or a secret store "
                                     "and rotate it")
                return
