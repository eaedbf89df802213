import libcst as cst

from codeaudit.analysis.helpers import is_test_path
from codeaudit.rule import Category, Confidence, PythonRule, Severity

#: decorators that only check that someone is logged in (not what they may touch)
_LOGIN_ONLY = frozenset({"login_required", "jwt_required", "auth_required", "authenticated"})
#: lookups of one object by an id taken from the URL
_LOOKUPS = frozenset({"get_object_or_404", "get_or_404", "first_or_404", "get"})
#: anything that shows the view relates the object to the caller or checks a permission
_CHECKS = ("request.user", "current_user", "g.user", "has_perm", "is_staff", "is_superuser", "PermissionDenied",
           "HttpResponseForbidden", "abort(403)", "403", "owner", "check_object_permissions", "permission",
           "user_passes_test", "can_", "authorize", "is_admin")
_WRITES = frozenset({"save", "delete", "update", "set_password", "soft_delete"})


def _decorator_name(decorator: cst.Decorator) -> str:
    target = decorator.decorator
    target = target.func if isinstance(target, cst.Call) else target
    if isinstance(target, cst.Attribute):
        return target.attr.value
    return target.value if isinstance(target, cst.Name) else ""


class ObjectAccessWithoutOwnership(PythonRule):
    """A logged-in-only view changes an object picked by a URL id without checking who owns it.

    ## What it does
    Reports a view protected only by `@login_required` (or `@jwt_required`)
    that loads one object by an id from its URL parameters
    (`get_object_or_404(User, pk=user_id)`, `Model.query.get_or_404(id)`,
    `Model.objects.get(pk=...)`) and then changes it (`save()`, `delete()`,
    `setattr`, attribute assignment) while nothing in the view relates the object
    to the caller (`request.user`, `current_user`, an owner filter) or checks a
    permission (`has_perm`, `is_staff`, `PermissionDenied`, `abort(403)`).

    ## Why is this bad
    Being logged in is not being allowed: any account can change the id in the
    URL and edit, deactivate or delete another user's record (insecure direct
    object reference, CWE-639).

    ## Example
    ```python
    @login_required
    def deactivate_user(request, user_id):
        user = get_object_or_404(User, pk=user_id)
        user.is_active = False
        user.save()
    ```

    ## Use instead
    ```python
    @permission_required("auth.change_user", raise_exception=True)
    def deactivate_user(request, user_id):
        user = get_object_or_404(User, pk=user_id)
        ...
    # or, for owned objects: get_object_or_404(Invoice, pk=invoice_id, owner=request.user)
    ```
    """

    code = "SEC033"
    slug = "object-access-without-ownership"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    cwe = (639, 862)
    triggers = (b"_required",)

    VALID = [
        "from django.contrib.auth.decorators import login_required\nfrom django.shortcuts import get_object_or_404\n"
        "@login_required\ndef rename(request, doc_id):\n"
        "    doc = get_object_or_404(Document, pk=doc_id, owner=request.user)\n    doc.title = request.POST['t']\n"
        "    doc.save()\n",
        "from django.contrib.auth.decorators import permission_required\nfrom django.shortcuts import get_object_or_404\n"
        "@permission_required('auth.change_user')\ndef deactivate(request, user_id):\n"
        "    user = get_object_or_404(User, pk=user_id)\n    user.is_active = False\n    user.save()\n",
        "from django.contrib.auth.decorators import login_required\nfrom django.shortcuts import get_object_or_404, render\n"
        "@login_required\ndef article(request, slug_id):\n    a = get_object_or_404(Article, pk=slug_id)\n"
        "    return render(request, 'a.html', {'a': a})\n",
        "from flask_login import login_required, current_user\nfrom flask import abort\n@login_required\n"
        "def delete_note(note_id):\n    note = Note.query.get_or_404(note_id)\n    if note.author_id != current_user.id:\n"
        "        abort(403)\n    db.session.delete(note)\n    note.delete()\n",
    ]
    INVALID = [
        "from django.contrib.auth.decorators import login_required\nfrom django.shortcuts import get_object_or_404\n"
        "@login_required\ndef deactivate_user(request, user_id):\n"
        "    user = get_object_or_404(User, pk=user_id)  # expect: SEC033\n    user.is_active = False\n"
        "    user.save(update_fields=['is_active'])\n",
        "from flask_login import login_required\n@app.post('/notes/<int:note_id>/delete')\n@login_required\n"
        "def delete_note(note_id):\n    note = Note.query.get_or_404(note_id)  # expect: SEC033\n    note.delete()\n",
        "from django.contrib.auth.decorators import login_required\n@login_required\ndef set_plan(request, account_id):\n"
        "    account = Account.objects.get(pk=account_id)  # expect: SEC033\n"
        "    setattr(account, 'plan', request.POST['plan'])\n    account.save()\n",
    ]

    def visit_Assign(self, node: cst.Assign) -> None:
        func = self.ctx.function
        if (not isinstance(func, cst.FunctionDef) or len(node.targets) != 1 or not isinstance(node.value, cst.Call)
                or not isinstance(node.targets[0].target, cst.Name) or self.ctx.class_def is not None):
            return
        names = {_decorator_name(d) for d in func.decorators}
        if not names & _LOGIN_ONLY or is_test_path(self.ctx.path):
            return
        call = node.value
        callee = call.func.attr.value if isinstance(call.func, cst.Attribute) else getattr(call.func, "value", "")
        if callee not in _LOOKUPS or (callee == "get" and not self._orm_get(call)):
            return
        params = {p.name.value for p in func.params.params} - {"request", "self"}
        used = {n.value for n in self._names(call)}
        if not params & used:
            return
        code = self.ctx.code_of(func)
        if any(check in code for check in _CHECKS):
            return
        var = node.targets[0].target.value
        if not self._written(func, var):
            return
        self.report(node, f"`{var}` is loaded by an id from the URL and changed, but the view only checks that "
                          "someone is logged in: any account can edit another's record by changing the id; filter by "
                          "the owner (`owner=request.user`) or check a permission first")

    def _orm_get(self, call: cst.Call) -> bool:
        """`Model.objects.get(pk=...)` / `Model.query.get(id)`, not `dict.get`."""
        receiver = call.func.value if isinstance(call.func, cst.Attribute) else None
        return isinstance(receiver, cst.Attribute) and receiver.attr.value in ("objects", "query")

    @staticmethod
    def _names(node):
        stack = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, cst.Name):
                yield current
            stack.extend(c for c in current.children if isinstance(c, cst.CSTNode))

    def _written(self, func: cst.FunctionDef, var: str) -> bool:
        stack = [func.body]
        while stack:
            current = stack.pop()
            if isinstance(current, cst.Call):
                f = current.func
                if (isinstance(f, cst.Attribute) and isinstance(f.value, cst.Name) and f.value.value == var
                        and f.attr.value in _WRITES):
                    return True
                if (isinstance(f, cst.Name) and f.value == "setattr" and current.args
                        and isinstance(current.args[0].value, cst.Name) and current.args[0].value.value == var):
                    return True
            elif isinstance(current, cst.AssignTarget):
                t = current.target
                if isinstance(t, cst.Attribute) and isinstance(t.value, cst.Name) and t.value.value == var:
                    return True
            stack.extend(c for c in current.children if isinstance(c, cst.CSTNode))
        return False
