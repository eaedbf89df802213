import libcst as cst

from codeaudit.knowledge.cst_tools import real_loops, list_annotation, walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity


def _is_zero(arg: cst.Arg) -> bool:
    return isinstance(arg.value, cst.Integer) and arg.value.value == "0" and arg.keyword is None


class ListFrontOps(PythonRule):
    """A list used as a queue: `pop(0)` or `insert(0, x)`.

    ## What it does
    Reports `x.pop(0)` and `x.insert(0, item)` on a value known to be a list (bound
    to a list display, comprehension or `list(...)`, or annotated `list`) when the
    call runs repeatedly: inside a loop, or in a method on an attribute of `self`.

    ## Why is this bad
    Removing or inserting at the front shifts every other element: O(n) per call,
    O(n²) for a queue drained or filled in a loop. `collections.deque` does both
    in O(1).

    ## Example
    ```python
    queue = [start]
    while queue:
        url = queue.pop(0)
    ```

    ## Use instead
    ```python
    queue = collections.deque([start])
    while queue:
        url = queue.popleft()
    ```
    """

    code = "EFF003"
    slug = "list-front-operations"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.HIGH
    triggers = (b"pop(0", b"insert(0",)

    VALID = [
        "from collections import deque\ndef f(start):\n    q = deque([start])\n    while q:\n        q.popleft()\n",
        "def f(items):\n    first = list(items)\n    return first.pop(0)\n",
        "def f(d):\n    while d:\n        d.pop(0)\n",
    ]
    INVALID = [
        "def f(start):\n    q = [start]\n    while q:\n        x = q.pop(0)  # expect: EFF003\n",
        "class R:\n    def __init__(self):\n        self.recent = []\n    def add(self, x):\n        self.recent.insert(0, x)  # expect: EFF003\n",
        "def f(rows: list):\n    for r in range(3):\n        rows.insert(0, r)  # expect: EFF003\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._lists: dict[int, set[str]] = {}
        self._self_lists: dict[int, set[str]] | None = None

    def _local_lists(self, func) -> set[str]:
        key = id(func)
        if key not in self._lists:
            names: set[str] = set()
            scope = func if func is not None else self.ctx.module
            if isinstance(func, cst.FunctionDef):
                for param in func.params.params + func.params.kwonly_params:
                    if list_annotation(param.annotation):
                        names.add(param.name.value)
            for node in walk(scope):
                if isinstance(node, cst.Assign) and _makes_list(node.value, self.ctx):
                    names.update(t.target.value for t in node.targets if isinstance(t.target, cst.Name))
                elif isinstance(node, cst.AnnAssign) and isinstance(node.target, cst.Name) and (
                    list_annotation(node.annotation) or (node.value is not None and _makes_list(node.value, self.ctx))
                ):
                    names.add(node.target.value)
            for node in walk(scope):  # any other binding (e.g. a deque) makes it unknown
                if isinstance(node, cst.Assign) and not _makes_list(node.value, self.ctx):
                    names.difference_update(t.target.value for t in node.targets if isinstance(t.target, cst.Name))
            self._lists[key] = names
        return self._lists[key]

    def _class_lists(self, cls) -> set[str]:
        if self._self_lists is None:
            self._self_lists = {}
        key = id(cls)
        if key not in self._self_lists:
            names: set[str] = set()
            other: set[str] = set()
            for node in walk(cls, into_scopes=True):
                if isinstance(node, (cst.Assign, cst.AnnAssign)):
                    targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
                    for t in targets:
                        if isinstance(t, cst.Attribute) and isinstance(t.value, cst.Name) and t.value.value == "self":
                            value = node.value
                            if value is not None and _makes_list(value, self.ctx):
                                names.add(t.attr.value)
                            else:
                                other.add(t.attr.value)
            self._self_lists[key] = names - other
        return self._self_lists[key]

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute) or func.attr.value not in ("pop", "insert"):
            return
        if func.attr.value == "pop" and not (len(node.args) == 1 and _is_zero(node.args[0])):
            return
        if func.attr.value == "insert" and not (len(node.args) == 2 and _is_zero(node.args[0])):
            return
        target = func.value
        known = False
        if isinstance(target, cst.Name) and bool(real_loops(self.ctx)):
            known = target.value in self._local_lists(self.ctx.function)
        elif (
            isinstance(target, cst.Attribute)
            and isinstance(target.value, cst.Name)
            and target.value.value == "self"
            and self.ctx.class_def is not None
        ):
            known = target.attr.value in self._class_lists(self.ctx.class_def)
        if known:
            op = "pop(0)" if func.attr.value == "pop" else "insert(0, ...)"
            self.report(
                node,
                f"`{op}` on a list shifts every element (O(n) per call, O(n²) over a loop); "
                "use collections.deque with popleft()/appendleft()",
            )


def _makes_list(value, ctx) -> bool:
    if isinstance(value, (cst.List, cst.ListComp)):
        return True
    return isinstance(value, cst.Call) and ctx.call_name(value) == "list"
