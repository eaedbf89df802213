import re

import libcst as cst

from codeaudit.analysis.helpers import terminal_name, is_test_path
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_SECRET = re.compile(
    r"(?i)(^|_)(signature|sig|hmac|mac|token|secret|api_?key|apikey|otp|nonce|csrf)(_|$|s$)"
)
#: Names that are secrets only when an HMAC is involved (plain checksums are not).
_WEAK = re.compile(r"(?i)(^|_)(digest|expected|computed|hexdigest|password_?hash|pw_?hash)(_|$)")
#: A header or form field that carries a signature or token (`request.headers.get("X-Signature")`).
_SECRET_FIELD = re.compile(r"""(?i)(headers|args|form|GET|POST|META)(\.get\(|\[)\s*['"][^'"]*(signature|hmac|token|api[-_]?key|sig)['"]""")


def _computes_mac(code: str) -> bool:
    """A helper body that computes a keyed MAC (plain checksums of data are not secrets)."""
    if "hmac." in code:
        return True
    return (".hexdigest(" in code or ".digest(" in code) and re.search(r"(?i)(secret|signing|_key\b|key\s*\+)", code) is not None
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
    triggers = (b"hmac", b"hashlib", b"token", b"Token", b"signature", b"Signature", b"secret", b"digest", b"api_key",
                b"Api-Key", b"API-Key", b"api-key")

    VALID = [
        # salted password hashes, plain checksums and non-secret headers
        "import hashlib\ndef hash_password(p, salt):\n    return hashlib.sha256((salt + p).encode()).hexdigest()\n"
        "def login(user, pw):\n    return hash_password(pw, user['salt']) == user['password_hash']\n",
        "import hashlib\ndef checksum(b):\n    return hashlib.sha256(b).hexdigest()\ndef ok(path, meta):\n"
        "    actual = checksum(open(path, 'rb').read())\n    return actual == meta['sha256']\n",
        "from flask import request\ndef lang():\n    wanted = request.headers.get('Accept-Language', '')\n"
        "    return wanted == 'en'\n",
        "import hashlib\ndef check(path, expected_sha256):\n"
        "    return hashlib.sha256(open(path, 'rb').read()).hexdigest() == expected_sha256\n",
        "import hmac\ndef ok(a, b):\n    return hmac.compare_digest(a, b)\n",
        "def ok(token):\n    return token == '' or token is None\n",
        "def kind(tok):\n    return tok.token_type == other.token_type\n",
        "def empty(signature):\n    return len(signature) == 64\n",
    ]
    INVALID = [
        # the MAC is computed by a helper one step away; the received side comes from a signature header
        "import hmac, hashlib\nfrom flask import request, abort\ndef sign(body):\n"
        "    return hmac.new(KEY, body, hashlib.sha256).hexdigest()\ndef hook():\n    expected = sign(request.get_data())\n"
        "    received = request.headers.get('X-Signature', '')\n    if received != expected:  # expect: SEC019\n        abort(403)\n",
        "import hmac, hashlib\ndef _mac(payload):\n    return hmac.new(KEY, payload, hashlib.sha1).digest()\n"
        "def check(payload, given):\n    want = _mac(payload)\n    return given == want  # expect: SEC019\n",
        "from flask import request\ndef auth(stored):\n    supplied = request.headers.get('X-Api-Key')\n"
        "    return supplied == stored  # expect: SEC019\n",
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
        if not secret:
            secret = self._derived_secret(left) or self._derived_secret(right)
        if secret:
            self.report(node, f"`{secret}` compared with {'==' if isinstance(target.operator, cst.Equal) else '!='} "
                              "leaks through timing how many leading bytes match; use hmac.compare_digest()")  # fmt: skip


    def _derived_secret(self, node) -> str:
        """A local assigned from a same-module helper that computes an HMAC/digest, or from a signature header."""
        func = self.ctx.function
        if not isinstance(node, cst.Name) or not isinstance(func, cst.FunctionDef):
            return ""
        code = self.ctx.code_of(func)
        match = re.search(rf"(?m)^\s*{re.escape(node.value)}\s*(?::[^=]+)?=\s*(.+)$", code)
        if match is None:
            return ""
        rhs = match.group(1)
        if _SECRET_FIELD.search(rhs):
            return node.value
        call = re.match(r"(?:await\s+)?(?:self\.)?(\w+)\(", rhs)
        if call and _computes_mac(self._helper_code(call.group(1))):
            return node.value
        return ""

    def _helper_code(self, name: str) -> str:
        helpers = self.__dict__.get("_helpers")
        if helpers is None:
            helpers = {}
            for stmt in self.ctx.module.body if self.ctx.module is not None else ():
                if isinstance(stmt, cst.FunctionDef):
                    helpers[stmt.name.value] = stmt
                elif isinstance(stmt, cst.ClassDef) and isinstance(stmt.body, cst.IndentedBlock):
                    for m in stmt.body.body:
                        if isinstance(m, cst.FunctionDef):
                            helpers.setdefault(m.name.value, m)
            self._helpers = helpers
        func = helpers.get(name)
        return self.ctx.code_of(func) if func is not None else ""


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
