import libcst as cst

from codeaudit.rule import Category, Confidence, PythonRule, Severity


class SumOfLists(PythonRule):
    """`sum(lists, [])` to flatten a list of lists.

    ## What it does
    Reports `sum(x, [])` (and `sum(x, start=[])`).

    ## Why is this bad
    Each addition copies the accumulated list: O(n²) in the total number of
    items. `itertools.chain.from_iterable` or a nested comprehension is linear.

    ## Example
    ```python
    rows = sum(per_supplier, [])
    ```

    ## Use instead
    ```python
    rows = list(itertools.chain.from_iterable(per_supplier))
    ```
    """

    code = "EFF007"
    slug = "sum-of-lists"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.HIGH
    triggers = (b"sum(",)

    VALID = ["def f(xs):\n    return sum(xs, 0)\n", "import itertools\ndef f(xs):\n    return list(itertools.chain.from_iterable(xs))\n"]
    INVALID = ["def f(xs):\n    return sum(xs, [])  # expect: EFF007\n", "def f(xs):\n    return sum(xs, start=[])  # expect: EFF007\n"]

    def visit_Call(self, node: cst.Call) -> None:
        if len(node.args) != 2 or self.ctx.call_name(node) != "sum":
            return
        start = node.args[1].value
        if isinstance(start, cst.List) and not start.elements:
            self.report(node, "`sum(..., [])` copies the growing list at every step (O(n²)); use itertools.chain.from_iterable")
