import re

import libcst as cst

from codeaudit.analysis.helpers import is_test_path
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_CHECK_NAME = re.compile(
    r"(?i)^_?(verify|validate_(signature|token|webhook|request|hmac|password|credentials|session|api_key)|"
    r"check_(signature|token|auth|permission|access|password|credentials|hmac|api_key|csrf)|is_authori[sz]ed|"
    r"authori[sz]e|authenticate|can_(access|edit|delete|view|read|write|manage)|has_(permission|perm|access|role)|"
    r"is_allowed|is_admin|is_owner|is_valid_(signature|token|password|session|api_key|webhook))"
)
_ABSTRACT_BASES = ("Protocol", "ABC", "Interface")
#: Classes whose whole point is to allow everything (null-object policies, test doubles).
_PERMISSIVE_CLASS = re.compile(r"(?i)(allow|null|dummy|fake|mock|stub|noop|permissive|anonymous|always|insecure)")


class VerificationStub(PythonRule):
    """Security checks that always say yes (`verify_signature(...)` returning `True`).

    ## What it does
    Reports functions named like a security check (`verify_*`, `check_signature`,
    `is_authorized`, `can_access_*`, `has_permission`, `authenticate`, ...) that take
    arguments but whose whole body is `return True` (docstrings, comments and `pass`
    aside). Abstract methods, Protocols and tests are skipped.

    ## Why is this bad
    Assistants leave such stubs with a "real implementation would ..." comment; the
    callers trust them, so every webhook, token or cross-tenant request is accepted.

    ## Example
    ```python
    def verify_signature(payload: bytes, signature: str) -> bool:
        return True
    ```

    ## Use instead
    ```python
    def verify_signature(payload: bytes, signature: str) -> bool:
        expected = hmac.new(SECRET, payload, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, signature)
    ```
    """

    code = "SEC031"
    slug = "verification-stub"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (287, 862)
    triggers = (b"return True",)

    VALID = [
        "import hmac\ndef verify_signature(payload, signature):\n    return hmac.compare_digest(sign(payload), signature)\n",
        "from typing import Protocol\nclass Checker(Protocol):\n    def verify(self, token: str) -> bool:\n        return True\n",
        "def is_enabled(flag):\n    return True\n",
        "class AllowAll:\n    def is_allowed(self, request):\n        return True\n",
        "import abc\nclass Base(abc.ABC):\n    @abc.abstractmethod\n    def authorize(self, user):\n        return True\n",
    ]
    INVALID = [
        "def verify_signature(payload: bytes, signature: str) -> bool:\n"
        "    # a real implementation would compute an HMAC here\n"
        "    return True  # expect: SEC031\n",
        "def can_access_tenant(principal, tenant_id: int) -> bool:\n    return True  # expect: SEC031\n",
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if not _CHECK_NAME.match(node.name.value) or is_test_path(self.ctx.path):
            return
        params = [p for p in (*node.params.posonly_params, *node.params.params, *node.params.kwonly_params)
                  if p.name.value not in ("self", "cls")]  # fmt: skip
        if not params or any(_decorator_name(d) in ("abstractmethod", "overload") for d in node.decorators):
            return
        cls = self.ctx.class_def
        if cls is not None and (
            _PERMISSIVE_CLASS.search(cls.name.value)
            or any(base in self.ctx.code_of(b.value) for b in cls.bases for base in _ABSTRACT_BASES)
        ):
            return
        body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
        statements = [s for s in body if not _is_doc_or_pass(s)]
        if len(statements) != 1 or not isinstance(statements[0], cst.SimpleStatementLine):
            return
        small = statements[0].body
        if len(small) == 1 and isinstance(small[0], cst.Return) and isinstance(small[0].value, cst.Name) and small[0].value.value == "True":
            self.report(small[0], f"{node.name.value}() always returns True: every caller's check passes "
                                  "(unauthenticated/unauthorised requests are accepted); implement the check "
                                  "or fail closed")  # fmt: skip


def _decorator_name(decorator: cst.Decorator) -> str:
    target = decorator.decorator
    if isinstance(target, cst.Call):
        target = target.func
    if isinstance(target, cst.Attribute):
        return target.attr.value
    return target.value if isinstance(target, cst.Name) else ""


def _is_doc_or_pass(statement) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    return all(
        isinstance(s, cst.Pass) or isinstance(s, cst.Expr) and isinstance(s.value, (cst.SimpleString, cst.ConcatenatedString))
        for s in statement.body
    )
