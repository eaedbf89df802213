import libcst as cst

from codeaudit.rule import Category, Confidence, PythonRule, Severity


class LenOfMaterialisedList(PythonRule):
    """`len(list(<generator>))` or `len([... for ...])` to count items.

    ## What it does
    Reports `len()` of a list built only to be counted: `len(list(genexp))`,
    `len(list(filter(...)))`, `len([listcomp])`, and `len()` of a database query (`len(Model.objects.filter(...))`,
    `len(session.query(...).all())`), which loads every row to count it.

    ## Why is this bad
    The whole list is built in memory and thrown away. `sum(1 for ...)` counts
    in constant memory; `sum(cond for x in xs)` counts matches. A query is
    counted by the database with `.count()`.

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

    VALID = [
        "def f(xs):\n    return len(list(xs))\n", "def f(xs):\n    ys = [x for x in xs]\n    return len(ys), ys\n",
        "def f(user):\n    orders = Order.objects.filter(customer=user)\n    return render(orders, len(orders))\n",
        "def f(user):\n    return Order.objects.filter(customer=user).count()\n",
        "def f(o):\n    return len(o.objects_seen)\n",
        "def f():\n    return len(Order.objects.model._meta.fields)\n",
        "def f(xs):\n    return len(list(map(str, xs)))\n",
    ]
    INVALID = [
        "def f(xs):\n    return len(list(x for x in xs if x))  # expect: EFF006\n",
        "def f(xs):\n    return len([x for x in xs if x > 2])  # expect: EFF006\n",
        "def f(user):\n    return len(Order.objects.filter(customer=user))  # expect: EFF006\n",
        "def f(user):\n    n = len(Order.objects.all())  # expect: EFF006\n    return n\n",
        "def f(session):\n    return len(session.query(User).filter(User.active).all())  # expect: EFF006\n",
        "def f(xs):\n    return len(list(filter(None, xs)))  # expect: EFF006\n",
        "def f(t):\n    return len(list(Order.objects.filter(tenant=t).values_list('id', flat=True)))  # expect: EFF006\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if len(node.args) != 1 or self.ctx.call_name(node) != "len":
            return
        inner = node.args[0].value
        if _whole_queryset(inner):
            self.report(node, "`len()` of a query fetches and builds every row only to count them; use "
                              "`.count()` (one `SELECT COUNT(*)`)")
            return
        if isinstance(inner, cst.Call) and self.ctx.call_name(inner) == "list" and len(inner.args) == 1:
            inner = inner.args[0].value
            if _whole_queryset(inner):
                self.report(node, "`len(list(...))` of a query fetches and builds every row only to count them; use "
                                  "`.count()` (one `SELECT COUNT(*)`)")
                return
            if not (isinstance(inner, cst.GeneratorExp)
                    or isinstance(inner, cst.Call) and self.ctx.call_name(inner) == "filter" and len(inner.args) == 2):
                return
        elif not isinstance(inner, cst.ListComp):
            return
        self.report(node, "builds a whole list only to count it; use `sum(1 for ...)` (constant memory)")


#: Queryset/query methods whose result is a set of rows still to be fetched.
_ROW_METHODS = {"all", "filter", "exclude", "order_by", "distinct", "select_related", "prefetch_related", "only",
                "defer", "using", "values", "values_list"}


def _whole_queryset(expr) -> bool:
    """`Model.objects.<rows>(...)` or `session.query(...)....all()`: counting it with len() loads every row."""
    if not (isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute)):
        return False
    last = expr.func.attr.value
    chain = []
    node = expr
    while isinstance(node, (cst.Call, cst.Attribute)):
        if isinstance(node, cst.Attribute):
            chain.append(node.attr.value)
            node = node.value
        else:
            node = node.func
    if "objects" in chain:
        return last in _ROW_METHODS and chain.index("objects") > 0
    return "query" in chain and last == "all"

