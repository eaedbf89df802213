import libcst as cst

from codeaudit.knowledge.cst_tools import target_names, walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity

#: Methods that keep a callable for later (the lambda is not called during this iteration).
_STORING_METHODS = {"append", "appendleft", "add", "insert", "setdefault", "put", "put_nowait", "register",
                    "connect", "add_done_callback", "call_later", "call_soon", "after", "bind"}
#: Keyword arguments whose callable runs later (GUI callbacks).
_CALLBACK_KEYWORDS = {"command", "callback", "on_click", "on_done"}
_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)


def _comp_targets(comp) -> set[str]:
    names: set[str] = set()
    node = comp.for_in
    while node is not None:
        names |= target_names(node.target)
        node = node.inner_for_in
    return names


class LateBindingClosure(PythonRule):
    """A lambda created in a loop, kept for later, that reads the loop variable.

    ## What it does
    Reports a `lambda` written inside a `for` loop or a comprehension when it
    refers to the loop variable and is kept for later instead of being called
    in the same iteration: appended/added to a collection, stored in
    `d[key] = lambda ...`, registered as a callback (`command=`, `.connect`,
    `add_done_callback`, `call_later`), or produced by a comprehension.
    A variable bound as a default argument (`lambda i=i: ...`) is early-bound
    and not reported.

    ## Why is this bad
    Python closures look up the variable when they run, not when they are
    created. After the loop every stored lambda sees the last value: all the
    hooks announce the last depot, all the buttons act on the last row.

    ## Example
    ```python
    hooks = []
    for depot_id in plans:
        hooks.append(lambda: print(f"route for {depot_id} dispatched"))
    ```

    ## Use instead
    ```python
    for depot_id in plans:
        hooks.append(functools.partial(print, f"route for {depot_id} dispatched"))
        # or: hooks.append(lambda depot_id=depot_id: print(...))
    ```
    """

    code = "COR004"
    slug = "late-binding-closure"
    category = Category.CORRECTNESS
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    triggers = (b"lambda",)

    VALID = [
        "def f(rows, cols):\n    out = []\n    for col in cols:\n        out.append(sorted(rows, key=lambda r: r[col]))\n    return out\n",
        "def f(plans):\n    hooks = []\n    for depot_id in plans:\n        hooks.append(lambda depot_id=depot_id: print(depot_id))\n    return hooks\n",
        "import functools\ndef f(plans):\n    return [functools.partial(print, p) for p in plans]\n",
        "def f(items):\n    for x in items:\n        fn = lambda y: y + 1\n        results.append(fn(x))\n",
        "def f(frames, factor):\n    out = []\n    for df in frames:\n        out.append(df.apply(lambda v: v * factor))\n    return out\n",
    ]
    INVALID = [
        "def callbacks_for(plans):\n    hooks = []\n    for depot_id in plans:\n"
        "        hooks.append(lambda: print(f'route for {depot_id} dispatched'))  # expect: COR004\n    return hooks\n",
        "def f(n):\n    return [lambda x: x * i for i in range(n)]  # expect: COR004\n",
        "def f(names):\n    handlers = {}\n    for name in names:\n        handlers[name] = lambda event: dispatch(name, event)  # expect: COR004\n    return handlers\n",
        "import tkinter as tk\ndef build(root, rows):\n    for row in rows:\n"
        "        tk.Button(root, text=row.title, command=lambda: open_row(row)).pack()  # expect: COR004\n",
    ]

    def _loop_names(self, node) -> set[str]:
        """Variables of the loops around ``node`` up to the enclosing function (``node`` itself excluded)."""
        names: set[str] = set()
        for scope in reversed(self.ctx.scopes):
            if scope is node:
                continue
            if isinstance(scope, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
                break
            if isinstance(scope, cst.For):
                names |= target_names(scope.target)
        return names

    def visit_Lambda(self, node: cst.Lambda) -> None:
        parents = self.ctx.parents
        parent = parents[-1] if parents else None
        grand = parents[-2] if len(parents) >= 2 else None
        if isinstance(parent, _COMPREHENSIONS) and (getattr(parent, "elt", None) is node or getattr(parent, "value", None) is node):
            loop_vars = _comp_targets(parent) | self._loop_names(node)
        elif self._stored(node, parent, grand):
            loop_vars = self._loop_names(node)
        else:
            return
        if not loop_vars:
            return
        params = {p.name.value for p in (*node.params.params, *node.params.kwonly_params, *node.params.posonly_params)}
        for extra in (node.params.star_arg, node.params.star_kwarg):
            if isinstance(extra, cst.Param):
                params.add(extra.name.value)
        used = {n.value for n in walk(node.body, into_scopes=True) if isinstance(n, cst.Name)}
        late = sorted((used & loop_vars) - params)
        if late:
            var = late[0]
            self.report(node, f"this lambda reads the loop variable `{var}` when it runs, after the loop has moved on: "
                              f"every stored callable sees the last `{var}`; bind it now with `lambda {var}={var}: ...` "
                              "or functools.partial")

    @staticmethod
    def _stored(node, parent, grand) -> bool:
        if isinstance(parent, cst.Arg) and isinstance(grand, cst.Call):
            if parent.keyword is not None:
                return parent.keyword.value in _CALLBACK_KEYWORDS
            func = grand.func
            return isinstance(func, cst.Attribute) and func.attr.value in _STORING_METHODS
        if isinstance(parent, cst.Assign) and parent.value is node:
            return any(isinstance(t.target, cst.Subscript) for t in parent.targets)
        return False
