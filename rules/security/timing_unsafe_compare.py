import re

import libcst as cst

from codeaudit.analysis.helpers import terminal_name, is_test_path
from codeaudit.concurrency.index import walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_SECRET = re.compile(
    r"(?i)(^|_)(signature|sig|hmac|mac|token|secret|api_?key|apikey|otp|nonce|csrf)(_|$|s$)"
)
#: Names that are secrets only when an HMAC is involved (plain checksums are not).
_WEAK = re.compile(r"(?i)(^|_)(digest|expected|computed|hexdigest|password_?hash|pw_?hash)(_|$)")
#: A header or form field that carries a signature or token (`request.headers.get("X-Signature")`).
_FIELD_CONTAINERS = frozenset({"headers", "args", "form", "GET", "POST", "META", "cookies", "COOKIES"})
_FIELD_NAME = re.compile(r"(?i)(signature|hmac|token|api[-_]?key|(^|[-_])sig($|[-_]))")
#: Pagination and sync tokens are opaque cursors, not credentials.
_NOT_SECRET_FIELD = re.compile(r"(?i)(page|next|prev|cursor|continuation|sync|resume|type)")
_KEYED = re.compile(r"(?i)(secret|signing|(^|_)key$)")
_NOT_SECRET = re.compile(r"(?i)(_type|_count|_id|_name|_len|_length|_url|_kind|_expires?|_at|_ttl|_index|_pos|_prefix|_start|_end|_tag|_start_tag)$")
#: A file must deal with credentials at all (tokenizers compare `token` values all day).
_CONTEXT_WORDS = ("hmac", "secrets", "jwt", "hashlib", "request", "signature", "auth", "password", "webhook", "csrf", "reset", "verify", "api_key")
_COMPUTED = frozenset({"hexdigest", "digest", "sign", "hmac", "compute_signature"})


def _computes_mac(func) -> bool:
    """A helper body that computes a keyed MAC (plain checksums of data are not secrets)."""
    digest = keyed = False
    for n in walk(func.body, stop=(cst.FunctionDef, cst.ClassDef, cst.Lambda)):
        if isinstance(n, cst.Name) and n.value == "hmac":
            return True
        if isinstance(n, cst.Attribute) and n.attr.value in ("hexdigest", "digest"):
            digest = True
        elif isinstance(n, (cst.Name, cst.Attribute)):
            text = n.value if isinstance(n, cst.Name) else n.attr.value
            keyed = keyed or _KEYED.search(text) is not None
    return digest and keyed


def _secret_field(rhs) -> bool:
    """`request.headers.get("X-Signature")` / `request.headers["X-Hub-Signature-256"]`."""
    source = field = False
    for n in walk(rhs, stop=(cst.Lambda,)):
        if isinstance(n, cst.Attribute) and n.attr.value in _FIELD_CONTAINERS:
            source = True
        elif isinstance(n, cst.SimpleString) and isinstance(n.evaluated_value, str) and \
                _FIELD_NAME.search(n.evaluated_value) and not _NOT_SECRET_FIELD.search(n.evaluated_value):
            field = True
    return source and field


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
        "from flask import request\ndef more(last):\n    cursor = request.args.get('next_page_token')\n"
        "    return cursor == last\n",
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
        cache = self.__dict__.setdefault("_assigned", {})
        if id(func) not in cache:
            cache.clear()
            cache[id(func)] = {
                n.targets[0].target.value: n.value
                for n in walk(func.body, stop=(cst.FunctionDef, cst.ClassDef, cst.Lambda))
                if isinstance(n, cst.Assign) and len(n.targets) == 1 and isinstance(n.targets[0].target, cst.Name)
            }
        rhs = cache[id(func)].get(node.value)
        if rhs is None:
            return ""
        if isinstance(rhs, cst.Await):
            rhs = rhs.expression
        if _secret_field(rhs):
            return node.value
        if isinstance(rhs, cst.Call):
            callee = rhs.func
            name = callee.value if isinstance(callee, cst.Name) else (
                callee.attr.value if isinstance(callee, cst.Attribute) and isinstance(callee.value, cst.Name)
                and callee.value.value == "self" else "")
            if name and self._helper_computes_mac(name):
                return node.value
        return ""

    def _helper_computes_mac(self, name: str) -> bool:
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
            self._macs: dict[str, bool] = {}
        if name not in self._macs:
            func = helpers.get(name)
            self._macs[name] = func is not None and _computes_mac(func)
        return self._macs[name]


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
