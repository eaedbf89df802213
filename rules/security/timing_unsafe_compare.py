import re

import libcst as cst

from codeaudit.analysis.helpers import terminal_name, is_test_path
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_SECRET = re.compile(
    r"(?i)(^|_)(signature|sig|hmac|mac|token|secret|api_?key|apikey|password_?hash|pw_?hash|otp|nonce|csrf)(_|$|s$)"
)
#: Names that are secrets only when an HMAC is involved (plain checksums are not).
_WEAK = re.compile(r"(?i)(^|_)(digest|expected|computed|hexdigest)(_|$)")
_NOT_SECRET = re.compile(r"(?i)(_type|_count|_id|_name|_len|_length|_url|_kind|_expires?|_at|_ttl|_index|_pos|_prefix|_start|_end|_tag|_start_tag)$")
#: A file must deal with credentials at all (tokenizers compare `token` values all day).
_CONTEXT_WORDS = ("hmac", "secrets", "jwt", "hashlib", "request", "signature", "auth", "password", "webhook", "csrf", "reset", "verify", "api_key")
_COMPUTED = frozenset({"hexdigest", "digest", "sign", "hmac", "compute_signature"})


class TimingUnsafeCompare(PythonRule):
    """Secrets, HMACs and tokens compared with `==` / `!=`.

    ## What it does
    Reports `==`/`!=` comparisons where one side is a signature, digest, HMAC, token,
    API key or password hash (by name or because it is a `.hexdigest()` result)
    and the other side is not a literal, `None` or a length.

    ## Why is this bad
    `==` stops at the first differing byte, so response times reveal how much of a
    guess is right; an attacker recovers a valid signature or token byte by byte.

    ## Example
    ```python
    return header_sig == hmac.new(key, body, "sha256").hexdigest()
    ```

    ## Use instead
    ```python
    return hmac.compare_digest(header_sig, hmac.new(key, body, "sha256").hexdigest())
    ```
    """

    code = "SEC019"
    slug = "timing-unsafe-compare"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    cwe = (208,)
    triggers = (b"hmac", b"hashlib", b"token", b"signature", b"secret", b"digest", b"api_key")

    VALID = [
        "import hashlib\ndef check(path, expected_sha256):\n"
        "    return hashlib.sha256(open(path, 'rb').read()).hexdigest() == expected_sha256\n",
        "import hmac\ndef ok(a, b):\n    return hmac.compare_digest(a, b)\n",
        "def ok(token):\n    return token == '' or token is None\n",
        "def kind(tok):\n    return tok.token_type == other.token_type\n",
        "def empty(signature):\n    return len(signature) == 64\n",
    ]
    INVALID = [
        "import hmac, hashlib\ndef verify(key, body, header):\n"
        "    digest = hmac.new(key, body, hashlib.sha256).hexdigest()\n"
        "    return header[len('sha256='):] == digest  # expect: SEC019\n",
        "def verify_reset(row, token):\n    if row[0] != token:  # expect: SEC019\n        return False\n    return True\n",
        "def check(expected, signature):\n    return expected == signature  # expect: SEC019\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        text = ctx.source.text
        self.enabled = any(w in text for w in _CONTEXT_WORDS)

    def visit_Comparison(self, node: cst.Comparison) -> None:
        if not self.enabled:
            return
        if is_test_path(self.ctx.path):
            return
        if len(node.comparisons) != 1:
            return
        target = node.comparisons[0]
        if not isinstance(target.operator, (cst.Equal, cst.NotEqual)):
            return
        left, right = node.left, target.comparator
        if _trivial(left) or _trivial(right):
            return
        secret = _secret_side(left) or _secret_side(right)
        if not secret and (_weak_side(left) or _weak_side(right)):
            func = self.ctx.function
            if func is not None and "hmac" in self.ctx.code_of(func):
                secret = _weak_side(left) or _weak_side(right)
        if secret:
            self.report(node, f"`{secret}` compared with {'==' if isinstance(target.operator, cst.Equal) else '!='} "
                              "leaks through timing how many leading bytes match; use hmac.compare_digest()")  # fmt: skip


def _trivial(node) -> bool:
    if isinstance(node, (cst.SimpleString, cst.Integer, cst.Float, cst.ConcatenatedString, cst.FormattedString)):
        return True
    if isinstance(node, cst.Name) and node.value in ("None", "True", "False"):
        return True
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in ("len", "type", "isinstance", "int", "bool"):
        return True
    return isinstance(node, (cst.List, cst.Tuple, cst.Dict, cst.UnaryOperation))


def _weak_side(node) -> str:
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in _COMPUTED:
        return node.func.attr.value + "()"
    name = terminal_name(node) if not isinstance(node, cst.Call) else ""
    return name if name and _WEAK.search(name) and not _NOT_SECRET.search(name) else ""


def _secret_side(node) -> str:
    name = terminal_name(node) if not isinstance(node, cst.Call) else ""
    if name and _SECRET.search(name) and not _NOT_SECRET.search(name):
        return name
    return ""
