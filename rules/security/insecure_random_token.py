import re

import libcst as cst

from codeaudit.analysis.helpers import is_test_path
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_RANDOM = frozenset({
    "random.choice", "random.choices", "random.randint", "random.random", "random.getrandbits", "random.randrange",
    "random.sample", "random.randbytes", "numpy.random.randint", "numpy.random.choice",
})  # fmt: skip
_UUID1 = frozenset({"uuid.uuid1"})
_SECRETISH = re.compile(
    r"(?i)(token|passw|secret|nonce|otp|salt|csrf|api_?key|session_?(id|key|token)|\bsid\b|invite_?code|"
    r"activation|one_?time|magic_?link|verification_?code|confirm(ation)?_?code|reset_?code|\bpin\b|_pin\b|"
    r"pin_?code|signing_?key|secret_?key|access_?key|auth_?code)"
)
_NOT_SECRET = re.compile(r"(?i)(sort_?key|cache_?key|shuffle|sample|jitter|backoff|delay|color|colour|seed|retry)")


class InsecureRandomToken(PythonRule):
    """`random` or `uuid1` used to make tokens, passwords, nonces or session ids.

    ## What it does
    Reports `random.*` calls and `uuid.uuid1()` whose result becomes a token,
    password, nonce, salt or session id: inside a function with such a name, or
    assigned to a variable with such a name. `random` in simulations, sampling,
    jitter and tests stays silent.

    ## Why is this bad
    `random` is a Mersenne Twister: 624 outputs reveal its state and every future
    token. `uuid1` is a timestamp plus the MAC address, so ids are guessable.

    ## Example
    ```python
    def make_reset_token():
        return "".join(random.choice(ALPHABET) for _ in range(32))
    ```

    ## Use instead
    ```python
    def make_reset_token():
        return secrets.token_urlsafe(32)
    ```
    """

    code = "SEC015"
    slug = "insecure-random-token"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (330, 338)
    triggers = (b"random", b"uuid1")

    VALID = [
        "import random\ndef roll():\n    return random.randint(1, 6)\n",
        "import secrets\ndef new_token():\n    return secrets.token_urlsafe(32)\n",
        "import random\ndef retry_delay(n):\n    return random.uniform(0, 2 ** n)\n",
        "import random\ndef create_session(servers):\n    return random.choice(servers)\n",
        "import uuid\ndef new_session_id():\n    return uuid.uuid4().hex\n",
    ]
    INVALID = [
        "import random\ndef make_reset_token(n=32):\n"
        "    return ''.join(random.choice('abc') for _ in range(n))  # expect: SEC015\n",
        "import uuid\ndef new_session_id():\n    return uuid.uuid1().hex  # expect: SEC015\n",
        "import random, string\ndef signup(user):\n"
        "    password = ''.join(random.choices(string.ascii_letters, k=12))  # expect: SEC015\n    return password\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if is_test_path(self.ctx.path):
            return
        name = self.ctx.call_name(node) or ""
        if name not in _RANDOM and name not in _UUID1:
            return
        purpose = self._purpose()
        if not purpose:
            return
        what = "uuid1() (time + MAC address)" if name in _UUID1 else f"{name}() (predictable Mersenne Twister)"
        self.report(node, f"{what} makes `{purpose}`: it can be predicted; use secrets.token_urlsafe()/"
                          "secrets.choice() or uuid4()")  # fmt: skip

    def _purpose(self) -> str:
        for parent in reversed(self.ctx.parents):
            if isinstance(parent, (cst.Assign, cst.AnnAssign, cst.AugAssign)):
                targets = [t.target for t in parent.targets] if isinstance(parent, cst.Assign) else [parent.target]
                for target in targets:
                    text = self.ctx.code_of(target)
                    if _SECRETISH.search(text) and not _NOT_SECRET.search(text):
                        return text
                break
            if isinstance(parent, (cst.FunctionDef, cst.ClassDef)):
                break
        func = self.ctx.function
        if isinstance(func, cst.FunctionDef):
            fname = func.name.value
            if _SECRETISH.search(fname) and not _NOT_SECRET.search(fname) and not fname.startswith("test"):
                return fname + "()"
        return ""
