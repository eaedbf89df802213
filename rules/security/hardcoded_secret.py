import re

import libcst as cst

from codeaudit.analysis.helpers import string_value
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_SECRET_NAME = re.compile(
    r"(?i)(secret|passw(or)?d|passwd|api_?key|apikey|access_?key|private_?key|auth_?token|access_?token|"
    r"refresh_?token|bearer|client_?secret|signing_?key|encryption_?key|crypt_?key|aes_?key|hmac_?key|"
    r"jwt_?key|webhook_?secret|^token$|_token$|(aws|stripe|openai|github|gitlab|slack|twilio|sendgrid|mailgun|"
    r"master|app|service|license|admin|root|db|database)_?key$)"
)
_NOT_SECRET_NAME = re.compile(
    r"(?i)(alphabet|chars|charset|length|len$|url|endpoint|uri|prefix|suffix|header|field|name|path|file|"
    r"env|ttl|expir|algorithm|alg$|type|format|pattern|regex|max|min|size|param|query|_id$|label|hint|"
    r"message|msg|error|template|column|attr|policy|scheme|salt_?rounds|cookie|dir$|mode|version|var$|"
    r"_hash$|hashed|digest|sort_?key|cache_?key|lookup|placeholder|route|validator)"
)
#: Obvious non-values: empty-ish strings, references to the environment, template markers.
_NOT_A_VALUE = re.compile(r"^(|\s.*|.*\s.*|<.*>|\$\{.*\}|\{\{.*\}\}|%\(.*\)s|\*+|x+|\.+|None|null|TODO|test|dummy|example)$", re.I)
#: Credential formats recognisable from the value alone, whatever the variable is called (`AWS_ACCESS_KEY_ID`).
_KNOWN_FORMATS = {
    "an AWS access key id": re.compile(r"(AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}"),
    "a GitHub token": re.compile(r"(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})"),
    "a Slack token": re.compile(r"xox[abposr]-[0-9A-Za-z-]{10,}"),
    "a Stripe live key": re.compile(r"[rs]k_live_[0-9A-Za-z]{16,}"),
    "a Google API key": re.compile(r"AIza[0-9A-Za-z_-]{35}"),
    "a private key": re.compile(r"-----BEGIN ([A-Z]+ )?PRIVATE KEY-----"),
}
_CONFIG_KEYS = re.compile(r"(?i)(SECRET_KEY|JWT_SECRET|API_KEY|PASSWORD|TOKEN|CLIENT_SECRET|SIGNING_KEY|PRIVATE_KEY)")


class HardcodedSecret(PythonRule):
    """Secrets, keys and passwords written into the source.

    ## What it does
    Reports string or bytes literals (8+ characters) assigned to names such as
    `SECRET_KEY`, `API_KEY`, `password`, `ENCRYPTION_KEY` or `*_token`, and to config
    keys like `app.config["SECRET_KEY"]`, and values in a recognisable credential
    format (AWS access key ids, GitHub/Slack tokens, Stripe live keys, private
    keys) whatever the variable is called. Placeholders that ship as real values
    (`"change-me"`) count; names of fields, headers or environment variables, empty
    strings and test files do not.

    ## Why is this bad
    Source code is copied, pushed and read widely: a committed key is a leaked key,
    and rotating it means a code change. A known `SECRET_KEY` lets anyone forge sessions.

    ## Example
    ```python
    API_KEY = "pk_live_51HfT2kLm9QzX8wR4vB7nC3dE6"
    ```

    ## Use instead
    ```python
    API_KEY = os.environ["PAYMENT_API_KEY"]
    ```
    """

    code = "SEC018"
    slug = "hardcoded-secret"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    cwe = (798,)

    VALID = [
        "import os\nSECRET_KEY = os.environ['SECRET_KEY']\n",
        "API_KEY_HEADER = 'X-Api-Key'\nPASSWORD_FIELD = 'password'\nTOKEN_URL = 'https://auth.example.com/token'\n",
        "TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'\n",
        "password = ''\napi_key = None\n",
        'WS_KEY = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"\nCACHE_KEY = "user-profile-v2"\n',
        "def login(password='hunter22'):\n    pass\n",
        "AWS_ACCESS_KEY_ID = os.environ['AWS_ACCESS_KEY_ID']\nKEY_ID_PREFIX = 'AKIA'\nREGION = 'eu-west-1'\n",
        "EXAMPLE_DOC = 'keys look like AKIA followed by 16 characters'\n",
    ]
    INVALID = [
        'AWS_ACCESS_KEY_ID = "AKIAQ3EGWX7ZL5TJ2NMB"  # expect: SEC018\n',
        'class Cfg:\n    key_id = "ASIAY34FZKBOKMUTVV7A"  # expect: SEC018\n',
        'GH = "ghp_1A2b3C4d5E6f7G8h9I0jK1lM2nO3pQ4rS5tU"  # expect: SEC018\n',
        'API_KEY = "pk_live_51HfT2kLm9QzX8wR4vB7nC3dE6"  # expect: SEC018\n',
        'SECRET_KEY = "django-insecure-9x!k2m$wq@7v#p0r3t"  # expect: SEC018\n',
        'from flask import Flask\napp = Flask(__name__)\napp.config["SECRET_KEY"] = "s3cr3t-k3y-change-me-2024"  # expect: SEC018\n',
        'ENCRYPTION_KEY = b"0123456789abcdef0123456789abcdef"  # expect: SEC018\n',
        'FULFILMENT_KEY = "your-api-key-here"  # expect: SEC018\n',
    ]

    def visit_Assign(self, node: cst.Assign) -> None:
        if _is_test_path(self.ctx.path):
            return
        value = string_value(node.value)
        fmt = _known_format(value) if value is not None else ""
        if value is None or not (fmt or _looks_like_secret(value)):
            return
        self._value = value
        if fmt and len(node.targets) == 1 and isinstance(node.targets[0].target, (cst.Name, cst.Attribute)):
            self.report(node, f"`{self.ctx.code_of(node.targets[0].target)}` holds {fmt} in the source; load it from "
                              "the environment or a secret store and rotate the leaked one")
            return
        for target in node.targets:
            name = self._target_name(target.target)
            if name:
                self.report(node, f"`{name}` holds a literal secret in the source; load it from the environment or "
                                  "a secret manager and rotate the committed value")  # fmt: skip
                return

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is None or _is_test_path(self.ctx.path):
            return
        value = string_value(node.value)
        self._value = value or ""
        name = self._target_name(node.target)
        if value is not None and name and _looks_like_secret(value):
            self.report(node, f"`{name}` holds a literal secret in the source; load it from the environment or "
                              "a secret manager")  # fmt: skip

    def _target_name(self, target) -> str:
        if isinstance(target, (cst.Name, cst.Attribute)):
            name = target.value if isinstance(target, cst.Name) else target.attr.value
            if _SECRET_NAME.search(name) and not _NOT_SECRET_NAME.search(name):
                return name
            if _GENERIC_NAME.search(name) and not _NOT_SECRET_NAME.search(name) and _credential_shaped(self._value):
                return name
            return ""
        if isinstance(target, cst.Subscript) and target.slice:
            index = target.slice[0].slice
            key = string_value(index.value) if isinstance(index, cst.Index) else None
            if key and _CONFIG_KEYS.fullmatch(key):
                return f"{self.ctx.code_of(target.value)}[{key!r}]"
        return ""


_GENERIC_NAME = re.compile(r"(?i)(^|_)key$")
_PLACEHOLDER = re.compile(r"(?i)(your|change|replace|insert|put)[-_ ]?(api|secret|key|token|password|me|it|here)")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _known_format(value: str) -> str:
    for what, pattern in _KNOWN_FORMATS.items():
        if pattern.match(value):
            return what
    return ""


def _credential_shaped(value: str) -> bool:
    """For generic `*_KEY` names: a shipped placeholder or a token-like value (not a UUID or a word)."""
    if _PLACEHOLDER.search(value):
        return True
    return len(value) >= 16 and not _UUID.match(value) and bool(re.search(r"[A-Za-z]", value)) and bool(
        re.search(r"\d", value)
    ) and " " not in value


def _looks_like_secret(value: str) -> bool:
    if len(value) < 8 or _NOT_A_VALUE.match(value):
        return False
    if re.fullmatch(r"[A-Z][A-Z0-9_]+", value) or re.fullmatch(r"_*[a-z]+([_.][a-z]+)+", value):
        return False  # the NAME of an environment variable, a session key or a setting
    if value.startswith(("http://", "https://", "/", "./", "sqlite:")) or re.fullmatch(r"[\w.-]+\.(pem|key|json|txt|env)", value):
        return False
    return True


def _is_test_path(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    name = parts[-1]
    return name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py" or "tests" in parts[:-1]
