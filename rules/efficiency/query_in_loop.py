import libcst as cst

from codeaudit.knowledge.cst_tools import is_retry_loop, real_loops, walk
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


def _session_like(receiver) -> str | None:
    """`session` / `cur` or `self.session` / `self.db`: the lower-cased name of a session or cursor handle."""
    if isinstance(receiver, cst.Attribute) and isinstance(receiver.value, cst.Name) and receiver.value.value == "self":
        receiver = receiver.attr
    return receiver.value.lower() if isinstance(receiver, cst.Name) else None


_PLACEHOLDERS = ("?", "%s", "%(", ":")
#: Calls that take SQL text without running it (statement builders, logging, formatting).
_NOT_QUERIES = {"text", "debug", "info", "warning", "warn", "error", "exception", "critical", "log", "print",
                "format", "append", "write", "assertEqual", "assertIn", "prepare"}


def _select_with_params(call: cst.Call) -> bool:
    """A call passed a literal `SELECT ... WHERE ... <placeholder>` (first or second argument) and more arguments."""
    positional = [a for a in call.args if a.keyword is None]
    sql = next((a.value for a in positional[:2] if isinstance(a.value, cst.SimpleString)), None)
    if len(call.args) < 2 or sql is None:
        return False
    text = sql.evaluated_value
    if not isinstance(text, str):
        return False
    low = " ".join(text.lower().split())
    if not low.startswith("select ") or " where " not in low:
        return False
    where = low[low.index(" where "):]
    if " in (" in where or "any(" in where:
        return False  # one query per batch of keys is the fix, not the problem
    return any(p in where for p in _PLACEHOLDERS)


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
    and `session.execute(select(...))` (also on `self.session`), DB-API
    `cursor.execute("SELECT ...")`, and any query helper handed a literal
    `SELECT ... WHERE col = ?` (`%s`, `:name`) plus arguments
    (`fetch_rows(conn, "SELECT ... WHERE order_id = ?", (oid,))`,
    `pd.read_sql(...)`); batched `IN (...)` queries are not reported.
    Also reports a related object read per row (`for loan in
    Loan.objects.filter(...): loan.book.title`) when the queryset the loop walks
    (possibly sliced) is built in the same function without
    `select_related`/`prefetch_related`.

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
    triggers = (b"objects.", b"session", b"execute", b"query", b"db.", b"SELECT", b"select ")

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

    VALID += [
        "def f():\n    for loan in Loan.objects.select_related('book').filter(open=True):\n        print(loan.book.title)\n",
        "def f():\n    loans = Loan.objects.filter(open=True)\n    return [loan.due.isoformat() for loan in loans]\n",
        "def f():\n    for loan in Loan.objects.filter(open=True):\n        print(loan.created.year, loan.book_id)\n",
        "def f(loans):\n    for loan in loans:\n        print(loan.book.title)\n",
        "def f(chunks):\n    for chunk in chunks:\n        rows = fetch_rows('SELECT * FROM t WHERE id IN (%s)' % ','.join('?' * len(chunk)), chunk)\n",
        "import logging\ndef f(ids):\n    for i in ids:\n        logging.debug('SELECT * FROM t WHERE id = ?', i)\n",
        "def f(names):\n    for n in names:\n        run_report('SELECT count(*) FROM events', n)\n",
        "class R:\n    def f(self, teams):\n        return self.session.scalars(select(User).where(User.team_id.in_([t.id for t in teams]))).all()\n",
    ]
    INVALID += [
        "def f():\n    loans = Loan.objects.filter(open=True)\n    for loan in loans:\n        print(loan.book.title)  # expect: EFF008\n",
        "def f():\n    return [a.books.count() for a in Author.objects.all()]  # expect: EFF008\n",
        "def f():\n    for o in Order.objects.filter(open=True).order_by('-id')[:50]:\n        print(o.customer.email)  # expect: EFF008\n",
        "def f(orders):\n    for o in orders:\n        items = fetch_rows('SELECT sku, qty FROM items WHERE order_id = ?', (o.id,))  # expect: EFF008\n",
        "import pandas as pd\ndef f(conn, ids):\n    return [pd.read_sql('SELECT * FROM t WHERE user_id = %s', conn, params=(i,)) for i in ids]  # expect: EFF008\n",
        "class Repo:\n    def sizes(self, teams):\n        out = {}\n        for t in teams:\n            out[t.name] = self.session.scalar(select(func.count()).where(User.team_id == t.id))  # expect: EFF008\n        return out\n",
        "def f(db, ids):\n    for i in ids:\n        row = db.conn.execute('SELECT name FROM users WHERE id = :id', {'id': i}).fetchone()  # expect: EFF008\n",
    ]

    KNOWN = [
        Known(
            "def f(courses):\n    rows = []\n    for course in courses:\n        teacher = course.teacher  # expect: EFF008\n        rows.append(teacher)\n",
            "a lazy foreign-key read per row (Django/SQLAlchemy relationship) needs the model definitions",
        ),
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._rows: dict[int, str] = {}  # loop id -> loop variable walking an unprefetched queryset
        self._reported: set[int] = set()
        self._binding_index: dict[int, dict[str, list]] = {}

    def _track_loop(self, node, loop) -> None:
        if isinstance(node.target, cst.Name) and self._lazy_queryset(node.iter):
            self._rows[id(loop)] = node.target.value

    def visit_For(self, node: cst.For) -> None:
        self._track_loop(node, node)

    def _track_comprehension(self, node) -> None:
        self._track_loop(node.for_in, node)  # the element is visited before its `for` clause

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _track_comprehension

    def _lazy_queryset(self, expr) -> bool:
        """A `X.objects...` queryset (directly or via a once-assigned local) with no related-object prefetch."""
        if isinstance(expr, cst.Name) and isinstance(self.ctx.function, cst.FunctionDef):
            func = self.ctx.function
            if id(func) not in self._binding_index:  # one walk per function, not two per loop
                self._binding_index[id(func)] = _bindings(func)
            bindings = self._binding_index[id(func)].get(expr.value, [])
            if len(bindings) != 1 or isinstance(bindings[0], cst.For):  # a loop target is no single queryset
                return False
            expr = bindings[0].value
        methods = []
        node = expr
        while isinstance(node, cst.Subscript):
            node = node.value  # `Order.objects.filter(...)[:50]`: a sliced queryset is still lazy about relations
        while isinstance(node, (cst.Call, cst.Attribute)):
            if isinstance(node, cst.Call):
                node = node.func
                continue
            methods.append(node.attr.value)
            node = node.value
        if "objects" not in methods or methods[0] not in _ROW_QUERYSETS:
            return False
        return not any(m in _PREFETCH for m in methods)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if not self._rows or not isinstance(node.value, cst.Attribute) or not isinstance(node.value.value, cst.Name):
            return
        var, relation, field = node.value.value.value, node.value.attr.value, node.attr.value
        loop = next((l for l in reversed(self.ctx.loops) if self._rows.get(id(l)) == var), None)
        if loop is None or id(loop) in self._reported or relation.endswith("_id") or relation in _SCALAR_FIELDS:
            return
        parent = self.ctx.parents[-1] if self.ctx.parents else None
        called = isinstance(parent, cst.Call) and parent.func is node
        if called and field not in _QUERYSET_READS:
            return  # `loan.due.isoformat()`: a method of a field value, not a related row
        if not called and (field in _SCALAR_ATTRS or field.startswith("_")):
            return
        self._reported.add(id(loop))
        what = f"`{var}.{relation}.{field}()` runs a query" if called else f"`{var}.{relation}.{field}` loads `{relation}`"
        self.report(
            node,
            f"{what} for every row of the loop (N+1 queries); add "
            f"`.select_related(\"{relation}\")` (or `.prefetch_related`) to the queryset the loop walks",
            confidence=Confidence.LOW,
        )

    def visit_Call(self, node: cst.Call) -> None:
        if is_test_file(self.ctx.path):
            return  # tests build fresh clients/queries per case on purpose
        func = node.func
        if not isinstance(func, (cst.Attribute, cst.Name)):
            return
        loops = real_loops(self.ctx)
        if not loops or not any(not isinstance(loop, cst.While) for loop in loops):
            return
        method = func.attr.value if isinstance(func, cst.Attribute) else func.value
        receiver = func.value if isinstance(func, cst.Attribute) else None
        kind = None
        if receiver is None:
            pass
        elif method in _QUERYSET_READS and isinstance(receiver, cst.Attribute) and receiver.attr.value == "objects":
            kind = "ORM query"
        elif (name := _session_like(receiver)) is not None:
            if method in ("query", "get", "scalars", "scalar") and name in _SESSION_NAMES and node.args:
                positional = [a for a in node.args if a.keyword is None]
                if method == "get" and not (len(positional) >= 2 and _model_like(positional[0].value)):
                    return
                kind = "session query"
            elif method == "execute" and name in (_SESSION_NAMES | _CURSOR_NAMES) and node.args and _is_select(node.args[0]):
                kind = "SELECT"
        if kind is None and method not in _NOT_QUERIES and _select_with_params(node):
            kind = "SELECT"  # a query helper (`fetch_rows("SELECT ... WHERE id = ?", (x,))`) called per item
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


#: Queryset methods whose result is iterated as model rows.
_ROW_QUERYSETS = {"all", "filter", "exclude", "order_by", "distinct", "reverse", "defer", "only", "none", "using"}
_PREFETCH = {"select_related", "prefetch_related", "values", "values_list"}
#: Attribute names of plain field values (dates, numbers, files), not related rows.
_SCALAR_ATTRS = {
    "year", "month", "day", "hour", "minute", "second", "microsecond", "days", "seconds", "tzinfo",
    "real", "imag", "url", "path", "size", "width", "height", "amount", "currency", "value", "label",
}
_SCALAR_FIELDS = {"pk", "id", "meta", "_meta", "_state", "objects", "file", "image", "photo", "avatar", "attachment"}


def _bindings(func) -> dict[str, list]:
    """Statements of a function body that bind each plain name (`x = ...`, `x += ...`, `x: T = ...`, `for x in`)."""
    found: dict[str, list] = {}
    for n in walk(func.body):
        if isinstance(n, cst.Assign):
            for t in n.targets:
                if isinstance(t.target, cst.Name):
                    found.setdefault(t.target.value, []).append(n)
        elif isinstance(n, (cst.AugAssign, cst.AnnAssign, cst.For)) and isinstance(n.target, cst.Name):
            found.setdefault(n.target.value, []).append(n)
    return found


def _model_like(expr) -> bool:
    """A class name such as `Customer` or `models.Customer` (SQLAlchemy `session.get(Model, pk)`)."""
    if isinstance(expr, cst.Attribute):
        expr = expr.attr
    return isinstance(expr, cst.Name) and expr.value[:1].isupper()
