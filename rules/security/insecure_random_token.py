import ast
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
    assigned to a variable with such a name, or returned by a generic helper
    (`_random_string(n)`) that such a function or variable of the module calls.
    `random` in simulations, sampling, jitter and tests stays silent.

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
        # a generic helper only used for non-secret values
        "import random, string\ndef _rand(n):\n    return ''.join(random.choice(string.ascii_lowercase) for _ in range(n))\n"
        "def temp_table_name():\n    return 'tmp_' + _rand(8)\ndef demo_user():\n    name = _rand(6)\n    return name\n",
        "import random\ndef pick(xs):\n    return random.choice(xs)\ndef retry_token_bucket(servers):\n"
        "    for _ in range(3):\n        server = pick(servers)\n    return server\n",
    ]
    INVALID = [
        "import random\ndef make_reset_token(n=32):\n"
        "    return ''.join(random.choice('abc') for _ in range(n))  # expect: SEC015\n",
        "import uuid\ndef new_session_id():\n    return uuid.uuid1().hex  # expect: SEC015\n",
        "import random, string\ndef signup(user):\n"
        "    password = ''.join(random.choices(string.ascii_letters, k=12))  # expect: SEC015\n    return password\n",
        # a generic helper whose result becomes a salt / reset token elsewhere in the module
        "import random, string\nALPHABET = string.ascii_letters + string.digits\ndef _random_string(n):\n"
        "    return ''.join(random.choice(ALPHABET) for _ in range(n))  # expect: SEC015\n"
        "def new_salt():\n    return _random_string(12)\n",
        "import random\ndef rand_digits(k):\n    return ''.join(str(random.randint(0, 9)) for _ in range(k))  # expect: SEC015\n"
        "def send_login_code(user, sms):\n    otp = rand_digits(6)\n    sms(user.phone, otp)\n",
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
            if self._top_level(func) and any(isinstance(p, cst.Return) for p in self.ctx.parents):
                return self._secret_caller(fname)
        return ""

    def _top_level(self, func) -> bool:
        return self.ctx.module is not None and any(stmt is func for stmt in self.ctx.module.body)

    def _secret_caller(self, helper: str) -> str:
        """A module function with a secret-ish name, or a secret-ish variable, takes the helper's result."""
        cache = self.__dict__.setdefault("_callers", {})
        if helper in cache:
            return cache[helper]
        cache[helper] = ""
        tree = self.ctx.python_ast
        for func in ast.walk(tree) if tree is not None else ():
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) or func.name == helper:
                continue
            for node in ast.walk(func):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == helper):
                    continue
                if _SECRETISH.search(func.name) and not _NOT_SECRET.search(func.name):
                    cache[helper] = f"{func.name}()` via `{helper}()"
                    return cache[helper]
            for node in ast.walk(func):
                if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                        and isinstance(node.value.func, ast.Name) and node.value.func.id == helper):
                    for target in node.targets:
                        text = ast.unparse(target)
                        if _SECRETISH.search(text) and not _NOT_SECRET.search(text):
                            cache[helper] = f"{text}` via `{helper}()"
                            return cache[helper]
        return cache[helper]
