import libcst as cst

from codeaudit.knowledge.cst_tools import small_statements, target_names, walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity


def _row_subscripts_only(expr, row: str) -> bool:
    """Arithmetic over row["col"] / row.col / constants with no calls."""
    saw_row = False
    for node in walk(expr):
        if isinstance(node, cst.Call):
            return False
        if isinstance(node, cst.Name) and node.value == row:
            saw_row = True
    return saw_row and isinstance(expr, (cst.BinaryOperation, cst.UnaryOperation))


class IterrowsArithmetic(PythonRule):
    """Row-by-row arithmetic with `DataFrame.iterrows()` where a column expression does it.

    ## What it does
    Reports a `for _, row in df.iterrows()` loop whose body only computes plain
    arithmetic on the row's columns (no calls) and appends or assigns it.

    ## Why is this bad
    `iterrows` builds a Series per row: 100-1000x slower than the same
    arithmetic on whole columns, which pandas runs in vectorised C.

    ## Example
    ```python
    revenue = []
    for _, row in df.iterrows():
        revenue.append(row["qty"] * row["price"])
    df["revenue"] = revenue
    ```

    ## Use instead
    ```python
    df["revenue"] = df["qty"] * df["price"]
    ```
    """

    code = "EFF010"
    slug = "iterrows-arithmetic"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"iterrows", b"apply(")

    VALID = [
        "def f(df):\n    for _, row in df.iterrows():\n        send(row['email'])\n",
        "def f(df):\n    return df.apply(lambda r: fmt(r['a']), axis=1)\n",
        "def f(df):\n    out = []\n    for _, row in df.iterrows():\n        out.append(lookup(row['a']) * 2)\n",
    ]
    INVALID = [
        "def f(df):\n    out = []\n    for _, row in df.iterrows():\n        out.append(row['a'] * row['b'])  # expect: EFF010\n    return out\n",
        "def f(df):\n    df['t'] = df.apply(lambda r: r['q'] * r['p'], axis=1)  # expect: EFF010\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "apply" and node.args):
            return
        if not any(
            a.keyword is not None and a.keyword.value == "axis"
            and ((isinstance(a.value, cst.Integer) and a.value.value == "1") or (isinstance(a.value, cst.SimpleString) and a.value.evaluated_value == "columns"))
            for a in node.args
        ):
            return
        fn = node.args[0].value
        if isinstance(fn, cst.Lambda) and len(fn.params.params) == 1 and _row_subscripts_only(fn.body, fn.params.params[0].name.value):
            self.report(node, "row-wise apply(axis=1) of plain arithmetic calls Python once per row; "
                              "compute it on whole columns, e.g. df['a'] * df['b']")

    def visit_For(self, node: cst.For) -> None:
        it = node.iter
        if not (isinstance(it, cst.Call) and isinstance(it.func, cst.Attribute) and it.func.attr.value == "iterrows"):
            return
        target = node.target
        if not (isinstance(target, cst.Tuple) and len(target.elements) == 2):
            return
        rows = target_names(target.elements[1].value)
        if len(rows) != 1:
            return
        row = next(iter(rows))
        body = small_statements(list(node.body.body)) if isinstance(node.body, cst.IndentedBlock) else []
        if not body or len(body) > 2:
            return
        for stmt in body:
            if isinstance(stmt, cst.Expr) and isinstance(stmt.value, cst.Call):
                call = stmt.value
                if not (isinstance(call.func, cst.Attribute) and call.func.attr.value == "append" and len(call.args) == 1):
                    return
                value = call.args[0].value
            elif isinstance(stmt, (cst.Assign, cst.AugAssign)):
                value = stmt.value
            else:
                return
            if not _row_subscripts_only(value, row):
                return
        self.report(
            body[0],
            "row-by-row arithmetic with iterrows() builds a Series per row (100x+ slower); "
            "compute it on whole columns, e.g. df['a'] * df['b']",
        )
