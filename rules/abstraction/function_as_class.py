import libcst as cst

from codeaudit.knowledge.cst_tools import assignment_targets, body_statements, small_statements, walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity


def _init_only_stores(init: cst.FunctionDef) -> bool:
    params = {p.name.value for p in init.params.params}
    for stmt in small_statements(body_statements(init)):
        if not isinstance(stmt, (cst.Assign, cst.AnnAssign)):
            return False
        targets = [t.target for t in stmt.targets] if isinstance(stmt, cst.Assign) else [stmt.target]
        if not all(isinstance(t, cst.Attribute) and isinstance(t.value, cst.Name) and t.value.value == "self" for t in targets):
            return False
        if not (isinstance(stmt.value, cst.Name) and stmt.value.value in params):
            return False
    return True


def _mutates_self(method: cst.FunctionDef) -> bool:
    for n in walk(method):
        for t in assignment_targets(n):
            if isinstance(t, (cst.Attribute, cst.Subscript)) and isinstance(t.value, cst.Name) and t.value.value == "self":
                return True
            if isinstance(t, cst.Subscript) and isinstance(t.value, cst.Attribute):
                return True
    return False


class FunctionAsClass(PythonRule):
    """A class that is only a function in disguise.

    ## What it does
    Reports a class with no base classes and no decorators whose only members
    are an `__init__` that stores its arguments and exactly one public method,
    when the file instantiates it (typically `Cls(args).method()`).

    ## Why is this bad
    The object exists only to carry arguments from the constructor to the one
    method: more code, an extra name and state to reason about, and nothing a
    function with the same parameters would not do.

    ## Example
    ```python
    class WeightBand:
        def __init__(self, parcel):
            self.parcel = parcel

        def calculate(self):
            return ceil(self.parcel.weight / 5)

    bands = WeightBand(parcel).calculate()
    ```

    ## Use instead
    ```python
    def weight_band(parcel):
        return ceil(parcel.weight / 5)
    ```
    """

    code = "ABS007"
    slug = "function-as-class"
    category = Category.ABSTRACTION
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"class ",)

    VALID = [
        "class A(Base):\n    def __init__(self, x):\n        self.x = x\n    def run(self):\n        return self.x\n\nA(1).run()\n",
        "class A:\n    def __init__(self, x):\n        self.x = x\n    def run(self):\n        return self.x\n    def stop(self):\n        pass\n\nA(1).run()\n",
        "class A:\n    def __init__(self, x):\n        self.x = x\n    def run(self):\n        return self.x\n",
    ]
    INVALID = [
        "class A:  # expect: ABS007\n    def __init__(self, x):\n        self.x = x\n    def run(self):\n        return self.x * 2\n\ny = A(1).run()\n",
    ]

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if node.bases or node.keywords or node.decorators or self.ctx.class_def is not None:
            return
        statements = body_statements(node)  # type: ignore[arg-type]
        methods = [s for s in statements if isinstance(s, cst.FunctionDef)]
        if len(methods) != 2 or len(statements) != 2:
            return
        init = next((m for m in methods if m.name.value == "__init__"), None)
        other = next((m for m in methods if m.name.value != "__init__"), None)
        if init is None or other is None or other.name.value.startswith("_") or other.decorators or init.decorators:
            return
        if len(init.params.params) < 2 or not _init_only_stores(init) or _mutates_self(other):
            return
        name = node.name.value
        used = False
        for n in walk(self.ctx.module, into_scopes=True):
            if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value == name:
                used = True
                break
        if not used:
            return
        self.report(
            node,
            f"class `{name}` only stores its constructor arguments for one method `{other.name.value}()`; "
            f"make it a function `{other.name.value}(...)` taking those arguments",
        )
