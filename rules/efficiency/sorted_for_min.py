import libcst as cst

from codeaudit.rule import Category, Confidence, PythonRule, Severity


def _sort_values(expr) -> bool:
    """`<frame>.sort_values(...)`, optionally followed by a column selection (`[...]`)."""
    if isinstance(expr, cst.Subscript):
        expr = expr.value
    return (isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute)
            and expr.func.attr.value == "sort_values")


def _index(node: cst.Subscript) -> int | None:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    value = node.slice[0].slice.value
    if isinstance(value, cst.Integer):
        return int(value.value)
    if isinstance(value, cst.UnaryOperation) and isinstance(value.operator, cst.Minus) and isinstance(value.expression, cst.Integer):
        return -int(value.expression.value)
    return None


class SortedForMinMax(PythonRule):
    """`sorted(x)[0]` or `sorted(x)[-1]` to get a minimum or maximum.

    ## What it does
    Reports indexing the first or last element of a freshly sorted sequence:
    `sorted(x)[0]`, `sorted(x)[-1]`, and the pandas form
    `df.sort_values(col).iloc[0]` / `.iloc[-1]` / `.index[0]`.

    ## Why is this bad
    Sorting is O(n log n) and copies the whole sequence to read one element;
    `min()`/`max()` (with the same `key=`) is a single O(n) pass with no copy.

    ## Example
    ```python
    cheapest = sorted(offers, key=lambda o: o.price)[0]
    ```

    ## Use instead
    ```python
    cheapest = min(offers, key=lambda o: o.price)
    ```
    """

    code = "EFF005"
    slug = "sorted-for-min-max"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.HIGH
    triggers = (b"sorted(", b"sort_values(")

    VALID = [
        "def f(xs):\n    return sorted(xs)[:3]\n", "def f(xs):\n    return sorted(xs)[1]\n",
        "def f(df):\n    return df.sort_values('ts').iloc[:10]\n",
        "def f(df):\n    return df.sort_values('ts').head(20)\n",
        "def f(df):\n    return df.sort_values('ts')['ts'].diff().iloc[0]\n",
    ]
    INVALID = [
        "def latest(df):\n    return df.sort_values('sold_at', ascending=False).iloc[0]['sold_at']  # expect: EFF005\n",
        "def f(df):\n    row = df.sort_values(by=['price']).iloc[-1]  # expect: EFF005\n    return row\n",
        "def f(df):\n    return df.sort_values('score').index[0]  # expect: EFF005\n",
        "def f(xs):\n    return sorted(xs, key=len)[0]  # expect: EFF005\n",
        "def f(xs):\n    return sorted(xs, reverse=True)[-1]  # expect: EFF005\n",
    ]

    def visit_Subscript(self, node: cst.Subscript) -> None:
        call = node.value
        if (isinstance(call, cst.Attribute) and call.attr.value in ("iloc", "index") and _sort_values(call.value)
                and _index(node) in (0, -1)):
            self.report(node, "sorting the whole frame (O(n log n), full copy) to read one row; use "
                              "`.nlargest(1, col)` / `.nsmallest(1, col)` or `.loc[df[col].idxmax()]` (O(n))")
            return
        if not isinstance(call, cst.Call) or self.ctx.call_name(call) != "sorted":
            return
        index = _index(node)
        if index not in (0, -1):
            return
        reverse = any(a.keyword is not None and a.keyword.value == "reverse" for a in call.args)
        want = "min" if (index == 0) != reverse else "max"
        if reverse and not any(
            a.keyword is not None and a.keyword.value == "reverse" and isinstance(a.value, cst.Name) and a.value.value == "True"
            for a in call.args
        ):
            want = "min()/max()"
        self.report(node, f"sorting (O(n log n), full copy) to read one element; use `{want}(...)` with the same key (O(n))")
