import re

import libcst as cst

from codeaudit.analysis.helpers import is_false, kwarg, string_value, terminal_name, is_test_path
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_FAST_HASHES = frozenset({
    "hashlib.md5", "hashlib.sha1", "hashlib.sha224", "hashlib.sha256", "hashlib.sha384", "hashlib.sha512",
    "hashlib.sha3_256", "hashlib.sha3_512", "hashlib.blake2b", "hashlib.blake2s", "Crypto.Hash.MD5.new",
    "Crypto.Hash.SHA256.new", "Crypto.Hash.SHA1.new",
})  # fmt: skip
_PASSWORD = re.compile(r"(?i)(passw|passwd|pwd|passphrase|^pw$|_pw$|^pin$|_pin$|^pin_|pincode)")


class WeakPasswordHash(PythonRule):
    """Passwords hashed with a fast hash (md5, sha1, sha256) instead of a password KDF.

    ## What it does
    Reports `hashlib.md5/sha1/sha256/...` (and `hashlib.new("md5")`) applied to a value
    named like a password or PIN, or inside a `hash_password`-style function.
    md5 for cache keys or ETags, or with `usedforsecurity=False`, stays silent.

    ## Why is this bad
    GPUs compute billions of md5/sha hashes per second: a leaked table of fast,
    often unsalted hashes gives up most passwords in hours.

    ## Example
    ```python
    stored = hashlib.md5(password.encode()).hexdigest()
    ```

    ## Use instead
    ```python
    salt = os.urandom(16)
    stored = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    # or argon2-cffi / bcrypt / passlib
    ```
    """

    code = "SEC016"
    slug = "weak-password-hash"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (916, 328)
    triggers = (b"hashlib", b"Crypto.Hash")

    VALID = [
        "import hashlib\ndef cache_key(url):\n    return hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()\n",
        "import hashlib, os\ndef hash_password(password):\n"
        "    return hashlib.scrypt(password.encode(), salt=os.urandom(16), n=2**14, r=8, p=1)\n",
        "import hashlib\ndef digest(token):\n    return hashlib.sha256(token.encode()).hexdigest()\n",
    ]
    INVALID = [
        "import hashlib\ndef hash_password(password):\n"
        "    return hashlib.md5(password.encode('utf-8')).hexdigest()  # expect: SEC016\n",
        "import hashlib\ndef hash_pw(pw):\n    return hashlib.sha256(pw.encode()).hexdigest()  # expect: SEC016\n",
        "import hashlib\ndef store(pin):\n    return hashlib.sha1(pin.encode()).hexdigest()  # expect: SEC016\n",
        "import hashlib\ndef register(user, pw):\n    h = hashlib.new('sha256')\n"
        "    user.password_hash = hashlib.sha256(user.password.encode()).hexdigest()  # expect: SEC016\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if is_test_path(self.ctx.path):
            return
        name = self.ctx.call_name(node) or ""
        args = [a.value for a in node.args if a.keyword is None]
        if name == "hashlib.new" and args:
            algorithm = (string_value(args[0]) or "").lower()
            if algorithm not in ("md5", "sha1", "sha256", "sha512", "sha224", "sha384"):
                return
            data = args[1] if len(args) > 1 else None
        elif name in _FAST_HASHES:
            data = args[0] if args else kwarg(node, "data") or kwarg(node, "string")
        else:
            return
        if is_false(kwarg(node, "usedforsecurity")) or data is None:
            return
        if self._is_password(data) or self._in_password_function():
            self.report(node, f"{name.split('.')[-1]} is a fast hash: stored password hashes fall to GPU guessing; "
                              "use hashlib.scrypt/pbkdf2_hmac with a random salt, or argon2/bcrypt")  # fmt: skip

    def _is_password(self, data) -> bool:
        while isinstance(data, cst.Call) and isinstance(data.func, cst.Attribute):  # password.encode("utf-8")
            data = data.func.value
        if isinstance(data, cst.BinaryOperation):  # salt + password
            return self._is_password(data.left) or self._is_password(data.right)
        if isinstance(data, cst.FormattedString):
            return any(isinstance(p, cst.FormattedStringExpression) and self._is_password(p.expression) for p in data.parts)
        name = terminal_name(data)
        return bool(name) and bool(_PASSWORD.search(name)) and "hash" not in name.lower()

    def _in_password_function(self) -> bool:
        func = self.ctx.function
        return isinstance(func, cst.FunctionDef) and bool(re.search(r"(?i)(hash|encrypt|store|set)_?(password|pwd|passwd|pw|pin)\b", func.name.value))
