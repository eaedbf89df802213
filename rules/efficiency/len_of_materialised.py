import libcst as cst

from codeaudit.rule import Category, Confidence, PythonRule, Severity


class LenOfMaterialisedList(PythonRule):
    """`len(list(<generator>))` or `len([... for ...])` to count items.

    ## What it does
    Reports `len()` of a list built only to be counted: `len(list(genexp))` and
    `len([listcomp])`.

    ## Why is this bad
    The whole list is built in memory and thrown away. `sum(1 for ...)` counts
    in constant memory; `sum(cond for x in xs)` counts matches.

    ## Example
    ```python
    errors = len(list(s for s in samples if s.error))
    ```

    ## Use instead
    ```python
    errors = sum(1 for s in samples if s.error)
    ```
    """

    code = "EFF006"
    slug = "len-of-materialised-list"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.HIGH
    triggers = (b"len(",)

    VALID = ["def f(xs):\n    return len(list(xs))\n", "def f(xs):\n    ys = [x for x in xs]\n    return len(ys), ys\n"]
    INVALID = [
        "def f(xs):\n    return len(list(x for x in xs if x))  # expect: EFF006\n",
        "def f(xs):\n    return len([x for x in xs if x > 2])  # expect: EFF006\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if len(node.args) != 1 or self.ctx.call_name(node) != "len":
            return
        inner = node.args[0].value
        if isinstance(inner, cst.Call) and self.ctx.call_name(inner) == "list" and len(inner.args) == 1:
            inner = inner.args[0].value
            if not isinstance(inner, cst.GeneratorExp):
                return
        elif not isinstance(inner, cst.ListComp):
            return
        self.report(node, "builds a whole list only to count it; use `sum(1 for ...)` (constant memory)")
