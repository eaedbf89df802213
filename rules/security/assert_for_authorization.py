import re

import libcst as cst

from codeaudit.rule import Category, Confidence, PythonRule, Severity

_AUTHZ = re.compile(
    r"(?i)(\brole\b|\.role|is_admin|is_staff|is_superuser|has_perm|has_permission|permission|is_authenticated|"
    r"authori[sz]ed|can_(edit|delete|view|access)|is_owner|owner_id|current_user|\"admin\"|'admin')"
)


class AssertForAuthorization(PythonRule):
    """`assert` used for an authorisation or permission check.

    ## What it does
    Reports `assert` statements outside tests whose condition checks a role,
    admin/staff flag, permission, ownership or authentication.

    ## Why is this bad
    Python drops `assert` under `-O` (and many deployments run that way): the check
    disappears and every user gets through. A failed assert is also a 500, not a 403.

    ## Example
    ```python
    assert current_user.role == "admin", "admin only"
    ```

    ## Use instead
    ```python
    if current_user.role != "admin":
        raise HTTPException(status_code=403, detail="admin only")
    ```
    """

    code = "SEC027"
    slug = "assert-for-authorization"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (617, 285)
    triggers = (b"assert",)

    VALID = [
        "def f(user):\n    if user.role != 'admin':\n        raise PermissionError()\n",
        "def f(items):\n    assert isinstance(items, list)\n",
    ]
    INVALID = [
        "def f(user):\n    assert user.role == 'admin', 'admin only'  # expect: SEC027\n",
        "def f(request):\n    assert request.user.is_staff  # expect: SEC027\n",
    ]

    def visit_Assert(self, node: cst.Assert) -> None:
        if self.ctx.function is None or _is_test_path(self.ctx.path):
            return
        func = self.ctx.function
        if isinstance(func, cst.FunctionDef) and func.name.value.startswith("test"):
            return
        test = self.ctx.code_of(node.test)
        if _AUTHZ.search(test):
            self.report(node, "authorisation checked with assert, which `python -O` removes: the check silently "
                              "disappears; raise a 403/PermissionError explicitly")  # fmt: skip


def _is_test_path(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    name = parts[-1]
    return name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py" or "tests" in parts[:-1]
