import libcst as cst

from codeaudit.knowledge.cst_tools import is_retry_loop, real_loops
from codeaudit.knowledge.tests_shape import is_test_file
from codeaudit.rule import Category, Confidence, Known, PythonRule, Severity

#: Method names that run a read query on a session / queryset / cursor.
_SESSION_READS = {"query", "get", "scalars", "scalar", "execute"}
_SESSION_NAMES = {"session", "db", "db_session", "dbsession", "sess"}
_CURSOR_NAMES = {"cursor", "cur", "c", "conn", "connection", "db"}
_QUERYSET_READS = {"get", "filter", "exclude", "count", "first", "last", "exists", "values", "values_list", "aggregate", "all"}


def _root_name(expr) -> str | None:
    while isinstance(expr, (cst.Attribute, cst.Call, cst.Subscript)):
        expr = expr.func if isinstance(expr, cst.Call) else expr.value
    return expr.value if isinstance(expr, cst.Name) else None


def _is_select(arg) -> bool:
    value = arg.value
    if isinstance(value, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)):
        text = value.evaluated_value if isinstance(value, cst.SimpleString) else None
        if text is None and isinstance(value, cst.ConcatenatedString):
            text = getattr(value.left, "evaluated_value", None)
        if text is None and isinstance(value, cst.FormattedString):
            parts = [p.value for p in value.parts if isinstance(p, cst.FormattedStringText)]
            text = parts[0] if parts else ""
        return isinstance(text, str) and text.lstrip().lower().startswith(("select", "with"))
    return isinstance(value, cst.Call) and _callee_tail(value) == "select" or (
        isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and _root_call_tail(value) == "select"
    )


def _callee_tail(call: cst.Call) -> str | None:
    f = call.func
    if isinstance(f, cst.Name):
        return f.value
    if isinstance(f, cst.Attribute):
        return f.attr.value
    return None


def _root_call_tail(expr) -> str | None:
    tail = None
    while isinstance(expr, (cst.Attribute, cst.Call)):
        if isinstance(expr, cst.Call):
            tail = _callee_tail(expr)
            expr = expr.func
        else:
            expr = expr.value
    return tail


class QueryInLoop(PythonRule):
    """A database query issued once per item of a loop (N+1 queries).

    ## What it does
    Reports read queries inside a `for` loop or comprehension: Django
    `Model.objects.filter/get/count/...`, SQLAlchemy `session.query/get/scalars`
    and `session.execute(select(...))`, and DB-API `cursor.execute("SELECT ...")`.

    ## Why is this bad
    One round trip per item: a page of 500 rows becomes 501 queries, each paying
    network latency. A join, `select_related`/`prefetch_related`/`selectinload`,
    an `IN (...)` query or a dict built from one query does the same work in one
    or two round trips.

    ## Example
    ```python
    for order in orders:
        customer = session.get(Customer, order.customer_id)
    ```

    ## Use instead
    ```python
    ids = {o.customer_id for o in orders}
    customers = {c.id: c for c in session.scalars(select(Customer).where(Customer.id.in_(ids)))}
    ```
    """

    code = "EFF008"
    slug = "query-in-loop"
    category = Category.EFFICIENCY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    triggers = (b"objects.", b"session", b"execute", b"query", b"db.")

    VALID = [
        "def f(session, ids):\n    rows = session.query(User).filter(User.id.in_(ids)).all()\n    for r in rows:\n        print(r)\n",
        "def f(cur, rows):\n    for r in rows:\n        cur.execute('INSERT INTO t VALUES (?)', (r,))\n",
        "def f(cache, keys):\n    return [cache.get(k) for k in keys]\n",
        "def f(session):\n    while True:\n        batch = session.query(Job).limit(10).all()\n        if not batch:\n            break\n",
    ]
    INVALID = [
        "def f(courses):\n    for c in courses:\n        n = Enrollment.objects.filter(course=c).count()  # expect: EFF008\n",
        "def f(session, orders):\n    for o in orders:\n        c = session.get(Customer, o.customer_id)  # expect: EFF008\n",
        "def f(cur, events):\n    for ev in events:\n        cur.execute('SELECT name FROM users WHERE id = ?', (ev.actor,))  # expect: EFF008\n",
    ]

    KNOWN = [
        Known(
            "def f(courses):\n    rows = []\n    for course in courses:\n        teacher = course.teacher  # expect: EFF008\n        rows.append(teacher)\n",
            "a lazy foreign-key read per row (Django/SQLAlchemy relationship) needs the model definitions",
        ),
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if is_test_file(self.ctx.path):
            return  # tests build fresh clients/queries per case on purpose
        func = node.func
        if not isinstance(func, cst.Attribute):
            return
        loops = real_loops(self.ctx)
        if not loops or not any(not isinstance(loop, cst.While) for loop in loops):
            return
        method = func.attr.value
        receiver = func.value
        kind = None
        if method in _QUERYSET_READS and isinstance(receiver, cst.Attribute) and receiver.attr.value == "objects":
            kind = "ORM query"
        elif isinstance(receiver, cst.Name):
            name = receiver.value.lower()
            if method in ("query", "get", "scalars", "scalar") and name in _SESSION_NAMES and node.args:
                positional = [a for a in node.args if a.keyword is None]
                if method == "get" and not (len(positional) >= 2 and _model_like(positional[0].value)):
                    return
                kind = "session query"
            elif method == "execute" and name in (_SESSION_NAMES | _CURSOR_NAMES) and node.args and _is_select(node.args[0]):
                kind = "SELECT"
        if kind is None or any(is_retry_loop(loop) for loop in loops):
            return
        code = self.ctx.code_of(node)
        if ".in_(" in code or "__in=" in code:
            return  # batched lookups (one query per chunk) are the fix, not the problem
        self.report(
            node,
            f"{kind} inside a loop: one database round trip per item (N+1 queries); "
            "fetch all rows at once (join, IN (...), select_related/prefetch_related/selectinload) and look them up in a dict",
        )


def _model_like(expr) -> bool:
    """A class name such as `Customer` or `models.Customer` (SQLAlchemy `session.get(Model, pk)`)."""
    if isinstance(expr, cst.Attribute):
        expr = expr.attr
    return isinstance(expr, cst.Name) and expr.value[:1].isupper()
