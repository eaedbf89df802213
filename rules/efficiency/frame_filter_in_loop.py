import libcst as cst

from codeaudit.knowledge.cst_tools import loop_bound, read_names, real_loops
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class FrameFilterInLoop(PythonRule):
    """A DataFrame filtered with a boolean mask on every iteration of a loop.

    ## What it does
    Reports `df[df[col] == value]`, `df.loc[df[col] == value, ...]` (also
    `df.col == value`, masks combined with `&`/`|`, and
    `df.query("col == @value")` / `df.query(f"col == {value}")`) inside a loop or
    comprehension when `value` changes with the loop, the column and the frame
    do not, and the loop does not walk a literal or `range()`.

    ## Why is this bad
    Every mask compares the whole column: O(n) per iteration, O(n*m) for the
    loop, plus a new frame per item. One `groupby(col)` splits the frame in a
    single pass; a lookup of one value per row is a `merge` or a `Series.map`
    over a dict/Series indexed by the key.

    ## Example
    ```python
    for user in df["user_id"].unique():
        sub = df[df["user_id"] == user]
        totals[user] = sub["calls"].sum()
    ```

    ## Use instead
    ```python
    for user, sub in df.groupby("user_id"):
        totals[user] = sub["calls"].sum()
    # or: rates = fx.set_index("currency")["rate"]; sales["rate"] = sales["currency"].map(rates)
    ```
    """

    code = "EFF015"
    slug = "frame-filter-in-loop"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"==",)

    VALID = [
        "def f(df):\n    for flag in (True, False):\n        print(df[df['active'] == flag].shape)\n",
        "def f(df):\n    for col in df.columns:\n        print(df[df[col] == 0].shape)\n",
        "def f(df, users):\n    sub = df[df['user'] == users[0]]\n    for u in users:\n        print(u, sub)\n",
        "def f(df):\n    for user, sub in df.groupby('user_id'):\n        print(user, sub['calls'].sum())\n",
        "def f(df):\n    for i in range(3):\n        df = df[df['level'] == i]\n    return df\n",
        "def f(frames, key):\n    for frame in frames:\n        print(frame[frame['id'] == key])\n",
        "def f(df, limits):\n    for lim in limits:\n        print(df.query('score > @lim').shape)\n",
        "def f(df, users):\n    sub = df.query('active == True')\n    for u in users:\n        print(u, sub)\n",
        "def f(session, ids):\n    for i in ids:\n        print(session.query(User).filter(User.id == i).first())\n",
    ]
    INVALID = [
        "def f(df):\n    rows = []\n    for user in df['user_id'].unique():\n        sub = df[df['user_id'] == user]  # expect: EFF015\n        rows.append(sub['calls'].sum())\n    return rows\n",
        "def f(sales, fx):\n    for idx, row in sales.iterrows():\n        rate = fx.loc[fx['currency'] == row['currency'], 'rate'].iloc[0]  # expect: EFF015\n        sales.at[idx, 'eur'] = row['amount'] * rate\n",
        "def f(df, regions):\n    return {r: df[(df.region == r) & (df.qty > 0)].qty.sum() for r in regions}  # expect: EFF015\n",
        "def f(df, users):\n    return [df.query('user_id == @u')['calls'].sum() for u in users]  # expect: EFF015\n",
        "def f(df, users):\n    for u in users:\n        sub = df.query(f\"user_id == '{u}'\")  # expect: EFF015\n        print(sub)\n",
        "def f(orders, customers):\n    out = []\n    for cid in customers.id:\n        name = customers.name\n        out.append(orders.loc[orders.customer_id == cid].total.sum())  # expect: EFF015\n    return out\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        """`df.query("user_id == @user")` / `df.query(f"user_id == {user}")` with a loop-bound value."""
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "query" and node.args
                and node.args[0].keyword is None):
            return
        expr = node.args[0].value
        if not isinstance(expr, (cst.SimpleString, cst.FormattedString)) or "==" not in self.ctx.code_of(expr):
            return
        if not isinstance(func.value, (cst.Name, cst.Attribute)):
            return
        bound = self._loop_names()
        if bound is None:
            return
        if read_names(func.value) & bound:
            return
        if isinstance(expr, cst.FormattedString):
            used = read_names(expr)
        else:
            text = expr.evaluated_value or ""
            used = {word[1:].split()[0].rstrip(")]") for word in text.split() if word.startswith("@") and len(word) > 1}
        if used & bound:
            self._report_filter(node, self.ctx.code_of(func.value))

    def _loop_names(self) -> set[str] | None:
        """Names the enclosing loops bind, or None outside a loop or inside a loop over literals."""
        loops = real_loops(self.ctx)
        if not loops or any(_literal_loop(loop) for loop in loops):
            return None
        bound: set[str] = set()
        for loop in loops:
            bound |= loop_bound(loop)
        return bound

    def _report_filter(self, node, frame_code: str) -> None:
        self.report(
            node,
            f"`{frame_code}` is filtered by a mask on every iteration (a full column scan per item, "
            "O(n*m)); split it once with `groupby(col)`, or index it by the key "
            "(`set_index(col)` / a dict) and look values up, or `merge` the frames",
        )

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if not node.slice or not isinstance(node.slice[0].slice, cst.Index):
            return
        frame = node.value
        if isinstance(frame, cst.Attribute) and frame.attr.value in ("loc",):
            frame = frame.value
        if not isinstance(frame, (cst.Name, cst.Attribute)):
            return
        mask = node.slice[0].slice.value
        if not isinstance(mask, (cst.Comparison, cst.BinaryOperation)):
            return
        bound = self._loop_names()
        if bound is None:
            return
        if read_names(frame) & bound:
            return  # a different frame on each iteration (or narrowed in the loop)
        frame_code = self.ctx.code_of(frame)
        for comparison in _comparisons(mask):
            target = comparison.comparisons[0]
            if not isinstance(target.operator, cst.Equal):
                continue
            for column, value in ((comparison.left, target.comparator), (target.comparator, comparison.left)):
                if not _column_of(column, frame_code, self.ctx) or read_names(column) & bound:
                    continue
                if read_names(value) & bound:
                    self._report_filter(node, frame_code)
                    return


def _comparisons(mask):
    """Single comparisons of a mask, through `&` / `|` combinations."""
    stack = [mask]
    while stack:
        expr = stack.pop()
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.BitAnd, cst.BitOr)):
            stack.extend((expr.left, expr.right))
        elif isinstance(expr, cst.Comparison) and len(expr.comparisons) == 1:
            yield expr


def _column_of(expr, frame_code: str, ctx) -> bool:
    """`frame[col]` / `frame.col`: a column of the filtered frame."""
    if isinstance(expr, cst.Subscript):
        return ctx.code_of(expr.value) == frame_code
    if isinstance(expr, cst.Attribute):
        return ctx.code_of(expr.value) == frame_code
    return False


def _literal_loop(loop) -> bool:
    if isinstance(loop, cst.While):
        return False
    it = loop.iter if isinstance(loop, cst.For) else loop.for_in.iter
    if isinstance(it, (cst.Tuple, cst.List, cst.Set)):
        return True
    return isinstance(it, cst.Call) and isinstance(it.func, cst.Name) and it.func.value == "range"
