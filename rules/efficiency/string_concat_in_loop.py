import libcst as cst

from codeaudit.knowledge.cst_tools import real_loops
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class StringConcatInLoop(PythonRule):
    """A string built with `+=` inside a loop.

    ## What it does
    Reports `s += <string>` in a loop body where `s` was initialised to a string
    literal in the same function.

    ## Why is this bad
    Strings are immutable: each `+=` may copy everything accumulated so far, so a
    loop of n pieces costs O(n²) in the worst case. Report builders written by
    assistants do this on thousands of rows.

    ## Example
    ```python
    html = ""
    for row in rows:
        html += f"<tr><td>{row.name}</td></tr>"
    ```

    ## Use instead
    ```python
    parts = [f"<tr><td>{row.name}</td></tr>" for row in rows]
    html = "".join(parts)
    ```
    """

    code = "EFF001"
    slug = "string-concat-in-loop"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM

    VALID = [
        "def f(rows):\n    total = 0\n    for r in rows:\n        total += r\n",
        "def f(a, b):\n    s = ''\n    s += a\n    s += b\n    return s\n",
    ]
    INVALID = [
        "def f(rows):\n    out = ''\n    for r in rows:\n        out += str(r)  # expect: EFF001\n    return out\n",
        "def f(rows):\n    out = ''\n    for r in rows:\n        out = out + str(r) + ','  # expect: EFF001\n    return out\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.string_vars: dict[object, set[str]] = {}

    def visit_Assign(self, node: cst.Assign) -> None:
        if isinstance(node.value, (cst.SimpleString, cst.FormattedString)):
            names = self.string_vars.setdefault(self.ctx.function, set())
            names.update(t.target.value for t in node.targets if isinstance(t.target, cst.Name))

    def leave_Assign(self, node: cst.Assign) -> None:
        # `s = s + piece` is the same quadratic pattern as `s += piece`
        value = node.value
        if len(node.targets) != 1 or not isinstance(value, cst.BinaryOperation) or not isinstance(value.operator, cst.Add):
            return
        target = node.targets[0].target
        left = value.left
        while isinstance(left, cst.BinaryOperation) and isinstance(left.operator, cst.Add):
            left = left.left
        if not (isinstance(target, cst.Name) and isinstance(left, cst.Name) and left.value == target.value):
            return
        if not real_loops(self.ctx) or target.value not in self.string_vars.get(self.ctx.function, ()):
            return
        self.report(node, f"`{target.value} = {target.value} + ...` in a loop copies the string each time (O(n²)); collect parts and `''.join()` them")

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if not isinstance(node.operator, cst.AddAssign) or not real_loops(self.ctx):
            return
        target = node.target
        if isinstance(target, cst.Name) and target.value in self.string_vars.get(self.ctx.function, ()):
            self.report(node, f"`{target.value} +=` in a loop copies the string each time (O(n²)); collect parts and `''.join()` them")
