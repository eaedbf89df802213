import libcst as cst

from codeaudit.knowledge.cst_tools import read_names, small_statements, target_names, walk
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


def _plain(body, row: str) -> bool:
    """One or two statements of plain row arithmetic (reported on the first statement below)."""
    if len(body) > 2:
        return False
    for stmt in body:
        if isinstance(stmt, cst.Expr) and isinstance(stmt.value, cst.Call) and len(stmt.value.args) == 1:
            value = stmt.value.args[0].value
        elif isinstance(stmt, (cst.Assign, cst.AugAssign)):
            value = stmt.value
        else:
            return False
        if not _row_subscripts_only(value, row):
            return False
    return True


def _lookup_arithmetic(stmts, row: str) -> bool:
    """A short loop body that only derives per-row values: arithmetic over row columns, loop locals, constants and
    lookups keyed by a row column (`table.get(row["k"], 1.0)`, `table[row["k"]]`); statements that do not touch the
    row at all (loop-invariant setup) are allowed. The last statement must collect the value (append / `+=`)."""
    if len(stmts) > 5 or not all(isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1 for s in stmts):
        return False
    local: set[str] = set()
    derived = False
    for i, line in enumerate(stmts):
        stmt = line.body[0]
        last = i == len(stmts) - 1
        if isinstance(stmt, cst.Assign) and not last:
            if len(stmt.targets) != 1 or not isinstance(stmt.targets[0].target, cst.Name):
                return False
            value = stmt.value
            if not (read_names(value) & (local | {row})):
                continue  # loop-invariant setup (another finding), not row logic
            if not _derivable(value, row, local):
                return False
            local.add(stmt.targets[0].target.value)
            derived = True
        elif last and isinstance(stmt, cst.Expr) and isinstance(stmt.value, cst.Call):
            call = stmt.value
            if not (isinstance(call.func, cst.Attribute) and call.func.attr.value == "append" and len(call.args) == 1):
                return False
            value = call.args[0].value
            return derived and isinstance(value, cst.BinaryOperation) and _derivable(value, row, local)
        elif last and isinstance(stmt, cst.AugAssign):
            return derived and isinstance(stmt.value, cst.BinaryOperation) and _derivable(stmt.value, row, local)
        else:
            return False
    return False


def _derivable(expr, row: str, local: set[str]) -> bool:
    """Arithmetic over row columns, loop locals and constants, plus lookups keyed by one row column."""
    if isinstance(expr, (cst.Integer, cst.Float, cst.SimpleString)):
        return True
    if isinstance(expr, cst.Name):
        return expr.value in local
    if isinstance(expr, cst.BinaryOperation):
        return _derivable(expr.left, row, local) and _derivable(expr.right, row, local)
    if isinstance(expr, cst.UnaryOperation):
        return _derivable(expr.expression, row, local)
    if isinstance(expr, cst.Subscript):
        if isinstance(expr.value, cst.Name) and expr.value.value == row:
            return True  # row["col"]
        return len(expr.slice) == 1 and isinstance(expr.value, cst.Name) and _column(expr.slice[0].slice, row)
    if isinstance(expr, cst.Attribute):
        return isinstance(expr.value, cst.Name) and expr.value.value == row
    if isinstance(expr, cst.Call):  # table.get(row["k"], default)
        func = expr.func
        return (isinstance(func, cst.Attribute) and func.attr.value == "get" and isinstance(func.value, cst.Name)
                and 1 <= len(expr.args) <= 2 and _is_column(expr.args[0].value, row)
                and all(isinstance(a.value, (cst.Integer, cst.Float)) for a in expr.args[1:]))
    return False


def _column(index, row: str) -> bool:
    return isinstance(index, cst.Index) and _is_column(index.value, row)


def _is_column(expr, row: str) -> bool:
    if isinstance(expr, cst.Subscript):
        return isinstance(expr.value, cst.Name) and expr.value.value == row
    return isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name) and expr.value.value == row


class IterrowsArithmetic(PythonRule):
    """Row-by-row arithmetic with `DataFrame.iterrows()` where a column expression does it.

    ## What it does
    Reports a `for _, row in df.iterrows()` loop whose body only computes plain
    arithmetic on the row's columns (no calls) and appends or assigns it, a
    `df.apply(lambda r: ..., axis=1)` of such arithmetic, and an `iterrows()` loop
    (or `itertuples()` / `df.index` loop) that writes a cell per row back into
    the frame it walks (`df.at[idx, col] = ...`, `.loc` / `.iat` / `.iloc`).

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
    triggers = (b"iterrows", b"apply(", b"itertuples", b".index:")

    VALID = [
        "def f(df):\n    for _, row in df.iterrows():\n        send(row['email'])\n",
        "def f(df):\n    return df.apply(lambda r: fmt(r['a']), axis=1)\n",
        "def f(df):\n    out = []\n    for _, row in df.iterrows():\n        out.append(lookup(row['a']) * 2)\n",
        "def f(df, other):\n    for idx, row in df.iterrows():\n        other.loc[idx, 'seen'] = True\n",
        "def f(df):\n    for idx, row in df.iterrows():\n        send(row['email'])\n        log.at[0, 'n'] = idx\n",
        "def f(df, out):\n    for row in df.itertuples():\n        out.at[row.Index, 'x'] = row.a\n",
        "def f(df, rates):\n    out = []\n    for _, row in df.iterrows():\n        rate = rates.get(row['region'], 1.0)\n        name = row['name'].title()\n        out.append(row['qty'] * rate)\n",
        "def f(df, client):\n    out = []\n    for _, row in df.iterrows():\n        rate = client.quote(row['region'])\n        fee = rate * 2\n        out.append(row['qty'] * fee)\n",
        "def f(df, rates):\n    for _, row in df.iterrows():\n        rate = rates.get(row['region'], 1.0)\n        total = row['qty'] * rate\n        send(row['email'], total)\n",
        "def f(df):\n    for i in df.index:\n        print(df.loc[i, 'a'])\n",
    ]
    INVALID = [
        "def f(df):\n    out = []\n    for _, row in df.iterrows():\n        out.append(row['a'] * row['b'])  # expect: EFF010\n    return out\n",
        "def f(df):\n    df['t'] = df.apply(lambda r: r['q'] * r['p'], axis=1)  # expect: EFF010\n",
        "def f(sales, rates):\n    for idx, row in sales.iterrows():  # expect: EFF010\n        sales.at[idx, 'eur'] = row['amount'] * rates[row['currency']]\n    return sales\n",
        "def f(df):\n    for i, r in df.iterrows():  # expect: EFF010\n        if r['score'] > 0.5:\n            df.loc[i, 'label'] = 'high'\n        else:\n            df.loc[i, 'label'] = 'low'\n",
        "def f(df):\n    for row in df.itertuples():  # expect: EFF010\n        df.at[row.Index, 'total'] = row.qty * row.price\n",
        "def f(df, rates):\n    out = []\n    for _, row in df.iterrows():  # expect: EFF010\n        rate = rates.get(row['region'], 1.0)\n        out.append(row['qty'] * row['price'] * rate)\n    return out\n",
        "def f(df, fx):\n    total = 0\n    for _, row in df.iterrows():  # expect: EFF010\n        rate = fx[row.currency]\n        net = row.amount - row.fee\n        total += net * rate\n    return total\n",
        "def f(df, taxes):\n    out = []\n    for _, r in df.iterrows():  # expect: EFF010\n        tax = taxes.get(r['state'], 0)\n        gross = r['price'] * r['qty']\n        out.append(gross + gross * tax)\n    return out\n",
        "def f(df):\n    for i in df.index:  # expect: EFF010\n        df.loc[i, 'total'] = df.loc[i, 'qty'] * df.loc[i, 'price']\n",
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

    def _writes_back(self, loop: cst.For, frame, index: str) -> bool:
        """`frame.at[idx, col] = ...` / `.loc` / `.iat` in the loop body: one scalar write per row."""
        frame_code = self.ctx.code_of(frame)
        for n in walk(loop.body):
            if not isinstance(n, cst.Assign):
                continue
            for t in n.targets:
                sub = t.target
                if not (isinstance(sub, cst.Subscript) and isinstance(sub.value, cst.Attribute)
                        and sub.value.attr.value in ("at", "loc", "iat", "iloc") and sub.slice):
                    continue
                first = sub.slice[0].slice
                if (isinstance(first, cst.Index) and self.ctx.code_of(first.value) == index
                        and self.ctx.code_of(sub.value.value) == frame_code):
                    self.report(
                        loop,
                        f"row-by-row loop writing one cell per row back into `{frame_code}` (a scalar set, and with "
                        "iterrows() a Series built, per row: 100x+ slower); compute the column at once: vectorised arithmetic, "
                        "`Series.map` / `merge` for lookups, `np.where` for conditions",
                    )
                    return True
        return False

    def visit_For(self, node: cst.For) -> None:
        it = node.iter
        # `for row in df.itertuples(): df.at[row.Index, c] = ...` / `for i in df.index: df.loc[i, c] = ...`
        if isinstance(node.target, cst.Name):
            var = node.target.value
            if (isinstance(it, cst.Call) and isinstance(it.func, cst.Attribute) and it.func.attr.value == "itertuples"
                    and not it.args):
                self._writes_back(node, it.func.value, f"{var}.Index")
            elif isinstance(it, cst.Attribute) and it.attr.value == "index":
                self._writes_back(node, it.value, var)
            return
        if not (isinstance(it, cst.Call) and isinstance(it.func, cst.Attribute) and it.func.attr.value == "iterrows"):
            return
        target = node.target
        if not (isinstance(target, cst.Tuple) and len(target.elements) == 2):
            return
        rows = target_names(target.elements[1].value)
        if len(rows) != 1:
            return
        row = next(iter(rows))
        index = target.elements[0].value
        if isinstance(index, cst.Name) and index.value != "_" and self._writes_back(node, it.func.value, index.value):
            return
        body = small_statements(list(node.body.body)) if isinstance(node.body, cst.IndentedBlock) else []
        if len(body) >= 2 and isinstance(node.body, cst.IndentedBlock) and not _plain(body, row) \
                and _lookup_arithmetic(node.body.body, row):
            self.report(
                node,
                "row-by-row iterrows() loop of arithmetic and per-row lookups: map the lookup on the whole column "
                "(`df['k'].map(table)`) and compute the result column-wise instead of once per row in Python",
            )
            return
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
