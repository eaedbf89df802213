import libcst as cst

from codeaudit.analysis.helpers import is_test_path
from codeaudit.analysis.taint import TaintRule
from codeaudit.rule import Category, Confidence, Severity

_NESTED = (cst.FunctionDef, cst.Lambda, cst.ClassDef)


def _names_in(node) -> set[str]:
    found, stack = set(), [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Name):
            found.add(current.value)
        elif isinstance(current, (cst.Tuple, cst.List)):
            stack.extend(e.value for e in current.elements)
    return found


class MassAssignment(TaintRule):
    """Every key of a request body copied onto an object with `setattr`.

    ## What it does
    Reports `setattr(obj, key, value)` in a loop over a mapping that comes from
    the request (`json.loads(request.body)`, `request.json`, `request.POST`, a
    FastAPI body), and `obj.__dict__.update(<request data>)`, when the loop does
    not check the key against an allow-list (`if key in EDITABLE_FIELDS`).

    ## Why is this bad
    The client chooses which attributes change: sending `{"is_staff": true}`,
    `{"role": "admin"}`, `{"owner_id": 7}` or `{"balance": 1e9}` promotes the
    account or moves the record, although the form only showed a name and an
    e-mail field (mass assignment, CWE-915).

    ## Example
    ```python
    data = json.loads(request.body)
    for key, value in data.items():
        setattr(user, key, value)
    ```

    ## Use instead
    ```python
    EDITABLE = {"first_name", "last_name", "email"}
    for key, value in data.items():
        if key in EDITABLE:
            setattr(user, key, value)
    # or a form / serializer with an explicit field list
    ```
    """

    code = "SEC032"
    slug = "mass-assignment"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    cwe = (915,)
    triggers = (b"setattr(", b"__dict__.update(")

    VALID = [
        "import json\nEDITABLE = {'email', 'first_name'}\ndef edit(request, user):\n    data = json.loads(request.body)\n"
        "    for key, value in data.items():\n        if key in EDITABLE:\n            setattr(user, key, value)\n",
        "import json\ndef edit(request, user):\n    data = json.loads(request.body)\n"
        "    for field in ('email', 'first_name'):\n        if field in data:\n            setattr(user, field, data[field])\n",
        "def apply(defaults, obj):\n    for key, value in defaults.items():\n        setattr(obj, key, value)\n",
        "from flask import request\ndef edit(user):\n    data = request.get_json()\n    for key, value in data.items():\n"
        "        if key not in ('nickname', 'bio'):\n            continue\n        setattr(user, key, value)\n",
        "from flask import request\ndef edit(user):\n    data = request.get_json()\n"
        "    user.nickname = data.get('nickname', user.nickname)\n",
    ]
    INVALID = [
        "import json\ndef edit_profile(request, user):\n    data = json.loads(request.body or '{}')\n"
        "    for key, value in data.items():\n        setattr(user, key, value)  # expect: SEC032\n    user.save()\n",
        "from flask import request\ndef update(account):\n    payload = request.get_json()\n    for k in payload:\n"
        "        if hasattr(account, k):\n            setattr(account, k, payload[k])  # expect: SEC032\n",
        "from flask import request\ndef update(item):\n    item.__dict__.update(request.json)  # expect: SEC032\n",
        "from fastapi import FastAPI\napp = FastAPI()\n@app.patch('/users/{uid}')\ndef patch(uid: int, body: dict):\n"
        "    user = load(uid)\n    for name, value in body.items():\n        setattr(user, name, value)  # expect: SEC032\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if is_test_path(self.ctx.path):
            return
        func = node.func
        if isinstance(func, cst.Name) and func.value == "setattr" and len(node.args) == 3:
            self._check_setattr(node)
        elif (isinstance(func, cst.Attribute) and func.attr.value == "update" and isinstance(func.value, cst.Attribute)
              and func.value.attr.value == "__dict__" and len(node.args) == 1):
            origin = self.tainted(node.args[0].value, remote_only=True)
            if origin is not None:
                self.report(node, f"`__dict__.update()` copies every key of request data onto the object "
                                  f"({self.taint.evidence(origin)}): a client can set `is_admin`, `owner_id`, ...; "
                                  "copy an explicit allow-list of fields")

    def _check_setattr(self, node: cst.Call) -> None:
        key = node.args[1].value
        if not isinstance(key, cst.Name):
            return
        loop = next((lp for lp in reversed(self.ctx.loops) if isinstance(lp, cst.For)
                     and key.value in _names_in(lp.target)), None)
        if loop is None:
            return
        origin = self.tainted(loop.iter, remote_only=True)
        if origin is None or self._allow_listed(loop, key.value):
            return
        self.report(node, f"`setattr()` with every key of request data ({self.taint.evidence(origin)}): a client can "
                          "set fields the form never offered (`is_staff`, `role`, `owner_id`); only copy keys from an "
                          "explicit allow-list of editable fields")

    def _allow_listed(self, loop: cst.For, key: str) -> bool:
        """The loop body compares the key with `in` / `not in` / `==` (an allow- or deny-list)."""
        stack = [loop.body]
        while stack:
            current = stack.pop()
            if isinstance(current, cst.Comparison) and isinstance(current.left, cst.Name) and current.left.value == key:
                if any(isinstance(c.operator, (cst.In, cst.NotIn, cst.Equal, cst.NotEqual)) for c in current.comparisons):
                    return True
            if isinstance(current, _NESTED):
                continue
            stack.extend(c for c in current.children if isinstance(c, cst.CSTNode))
        return False
