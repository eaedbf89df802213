import libcst as cst

from codeaudit.knowledge.cst_tools import real_loops, read_names, target_names
from codeaudit.rule import Category, Confidence, PythonRule, Severity


def _ranges(it) -> bool:
    if isinstance(it, (cst.Tuple, cst.List, cst.Set)):
        return True  # a literal display has a constant size
    return isinstance(it, cst.Call) and isinstance(it.func, cst.Name) and it.func.value in ("range", "enumerate", "zip", "reversed")


class NestedLoopJoin(PythonRule):
    """Two nested loops that match items of two collections by equality.

    ## What it does
    Reports a comparison `a.key == b.key` (or `b.key in a.keys`) in a loop over
    one collection nested in a loop over another, where each side reads only one
    loop's variable and the inner collection does not depend on the outer item.

    ## Why is this bad
    That is a join done by scanning: O(n*m) comparisons. Indexing the inner
    collection once in a dict keyed by the join key makes it O(n+m).

    ## Example
    ```python
    for item in catalogue:
        for row in feed:
            if row.code == item.code:
                offers.append(row)
    ```

    ## Use instead
    ```python
    by_code = defaultdict(list)
    for row in feed:
        by_code[row.code].append(row)
    for item in catalogue:
        offers.extend(by_code[item.code])
    ```
    """

    code = "EFF011"
    slug = "nested-loop-join"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"for ",)

    VALID = [
        "def f(a, b):\n    for x in a:\n        for y in x.children:\n            if y.id == x.id:\n                pass\n",
        "def f(grid):\n    for i in range(3):\n        for j in range(3):\n            if i == j:\n                pass\n",
    ]
    INVALID = [
        "def f(users, orders):\n    for u in users:\n        for o in orders:\n            if o.user_id == u.id:  # expect: EFF011\n                print(u, o)\n",
        "def f(items, rows):\n    for item in items:\n        for row in rows:\n            if row.code in item.codes:  # expect: EFF011\n                print(row)\n",
    ]

    def visit_Comparison(self, node: cst.Comparison) -> None:
        loops = real_loops(self.ctx)
        if len(loops) < 2 or len(node.comparisons) != 1:
            return
        inner, outer = loops[-1], loops[-2]
        if not (isinstance(inner, cst.For) and isinstance(outer, cst.For)):
            return
        if _ranges(inner.iter) or _ranges(outer.iter):
            return
        outer_vars, inner_vars = target_names(outer.target), target_names(inner.target)
        if not outer_vars or not inner_vars or read_names(inner.iter) & outer_vars:
            return
        op = node.comparisons[0].operator
        left, right = read_names(node.left), read_names(node.comparisons[0].comparator)
        if not left or not right:
            return
        sides = (left <= outer_vars and right <= inner_vars) or (left <= inner_vars and right <= outer_vars)
        if isinstance(op, cst.Equal) and sides:
            pass
        elif isinstance(op, cst.In) and left <= inner_vars and right <= outer_vars:
            pass
        else:
            return
        self.report(
            node,
            "join of two collections by nested loops: O(n*m) comparisons; index the inner collection "
            "once in a dict keyed by the join key (O(n+m))",
        )
