import libcst as cst

from codeaudit.rule import Category, Confidence, PythonRule, Severity


def _one_small(block) -> object | None:
    """The single small statement of a one-statement block, else None."""
    body = block.body if isinstance(block, cst.IndentedBlock) else (block,) if isinstance(block, cst.SimpleStatementLine) else ()
    if isinstance(block, cst.SimpleStatementSuite):
        body = (block,)
    if len(body) != 1:
        return None
    stmt = body[0]
    small = getattr(stmt, "body", None)
    if isinstance(stmt, (cst.SimpleStatementLine, cst.SimpleStatementSuite)) and len(small) == 1:
        return small[0]
    return None


#: Zero values of a type and the defaultdict factory that produces them.
_ZERO_CALLS = {"Decimal": "Decimal", "float": "float", "int": "int", "list": "list", "set": "set", "dict": "dict"}


def _zero(value) -> str | None:
    """The defaultdict factory for an empty/zero start value (`0.0`, `Decimal("0")`, `[]`, `set()`), else None."""
    if isinstance(value, cst.Float) and float(value.value) == 0:
        return "float"
    if isinstance(value, cst.List) and not value.elements:
        return "list"
    if isinstance(value, cst.Dict) and not value.elements:
        return "dict"
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value in _ZERO_CALLS:
        args = value.args
        if not args:
            return _ZERO_CALLS[value.func.value]
        arg = args[0].value
        if len(args) == 1 and value.func.value == "Decimal" and (
                (isinstance(arg, cst.Integer) and arg.value == "0")
                or (isinstance(arg, cst.SimpleString) and arg.evaluated_value.strip("0.") == "")):
            return "Decimal"
    return None


class HandRolledCounter(PythonRule):
    """Counting occurrences in a dict by hand instead of `collections.Counter`.

    ## What it does
    Inside a loop, reports the branching counting idioms on a dict:
    `if k in d: d[k] += 1 else: d[k] = 1` (or the `not in` mirror) and
    `if k not in d: d[k] = 0` followed by `d[k] += 1`, and the defaultdict
    idiom `if k not in d: d[k] = <empty>` (`0.0`, `Decimal("0")`, `[]`, `set()`)
    followed by `d[k] += v` / `d[k].append(v)`. The one-line
    `d[k] = d.get(k, 0) + 1` is left alone.

    ## Why is this bad
    Three to four lines (and a second dictionary lookup) re-implement
    `collections.Counter`, which also gives `most_common()`, arithmetic
    between counts and a clear intent. Generated code writes the long form by
    habit; the branches invite slips such as starting a count at 0 in one
    branch and 1 in the other.

    ## Example
    ```python
    counts = {}
    for svc in services:
        for feat in svc["features"]:
            if feat in counts:
                counts[feat] += 1
            else:
                counts[feat] = 1
    ```

    ## Use instead
    ```python
    counts = Counter(feat for svc in services for feat in svc["features"])
    ```
    """

    code = "ABS012"
    slug = "hand-rolled-counter"
    category = Category.ABSTRACTION
    severity = Severity.INFO
    confidence = Confidence.MEDIUM
    triggers = (b"+= ", b"].append(", b"].add(", b"].extend(")

    VALID = [
        "def f(rows):\n    by_user = {}\n    for r in rows:\n        if r.user not in by_user:\n            by_user[r.user] = [r.first]\n        by_user[r.user].append(r)\n",
        "def f(rows, seen):\n    out = {}\n    for r in rows:\n        if r.user not in out:\n            out[r.user] = []\n        seen.append(r)\n",
        "def f(rows):\n    sums = {}\n    for host, ms in rows:\n        if host not in sums:\n            sums[host] = 1.5\n        sums[host] += ms\n",
        "from collections import Counter\ndef f(words):\n    return Counter(words)\n",
        # different keys in the branches: not a counter
        "def f(rows, totals):\n    for r in rows:\n        if r.key in totals:\n            totals[r.key] += r.amount\n        else:\n            totals[r.other] = r.amount\n",
        # the else branch does more than start the count
        "def f(rows, seen):\n    for r in rows:\n        if r in seen:\n            seen[r] += 1\n        else:\n            seen[r] = 1\n            notify(r)\n",
        # the one-line `.get(k, 0) + 1` form is an accepted idiom: left alone
        "def f(words):\n    freq = {}\n    for w in words:\n        freq[w] = freq.get(w, 0) + 1\n    return freq\n",
        # outside a loop: a single update, not a counting loop
        "def bump(stats, key):\n    if key in stats:\n        stats[key] += 1\n    else:\n        stats[key] = 1\n",
    ]
    INVALID = [
        "from decimal import Decimal\ndef f(lines):\n    totals = {}\n    for l in lines:\n        if l.cat not in totals:  # expect: ABS012\n            totals[l.cat] = Decimal('0')\n        totals[l.cat] += l.price * l.qty\n    return totals\n",
        "def f(rows):\n    by_user = {}\n    for r in rows:\n        if r.user not in by_user:  # expect: ABS012\n            by_user[r.user] = []\n        by_user[r.user].append(r)\n    return by_user\n",
        "def f(samples):\n    sums = {}\n    for host, ms in samples:\n        if host not in sums:  # expect: ABS012\n            sums[host] = 0.0\n        sums[host] += ms\n    return sums\n",
        "def f(services):\n    counts = {}\n    for svc in services:\n        for feat in svc['features']:\n            if feat in counts:  # expect: ABS012\n                counts[feat] += 1\n            else:\n                counts[feat] = 1\n    return counts\n",
        "class Stats:\n    def add(self, events):\n        for e in events:\n            if e.kind not in self.by_kind:  # expect: ABS012\n                self.by_kind[e.kind] = 0\n            self.by_kind[e.kind] += 1\n",
        "def f(lines):\n    hits = dict()\n    for line in lines:\n        status = line.split()[8]\n        if status not in hits:  # expect: ABS012\n            hits[status] = 1\n        else:\n            hits[status] += 1\n    return hits\n",
    ]

    def _code(self, node) -> str:
        return self.ctx.code_of(node)

    def _item(self, target) -> tuple[str, str] | None:
        """(container, key) code of a `container[key]` target."""
        if isinstance(target, cst.Subscript) and len(target.slice) == 1 and isinstance(target.slice[0].slice, cst.Index):
            return self._code(target.value), self._code(target.slice[0].slice.value)
        return None

    def _increment(self, small, item) -> str | None:
        """The amount of `item += amount`, else None."""
        if isinstance(small, cst.AugAssign) and isinstance(small.operator, cst.AddAssign) and self._item(small.target) == item:
            return self._code(small.value)
        return None

    def _start(self, small, item) -> str | None:
        """The value of `item = value`, else None."""
        if isinstance(small, cst.Assign) and len(small.targets) == 1 and self._item(small.targets[0].target) == item:
            return self._code(small.value)
        return None

    def visit_If(self, node: cst.If) -> None:
        test = node.test
        if not (self.ctx.in_loop and isinstance(test, cst.Comparison) and len(test.comparisons) == 1):
            return
        op = test.comparisons[0].operator
        if not isinstance(op, (cst.In, cst.NotIn)):
            return
        item = (self._code(test.comparisons[0].comparator), self._code(test.left))
        first = _one_small(node.body)
        other = _one_small(node.orelse.body) if isinstance(node.orelse, cst.Else) else None
        if isinstance(op, cst.In):
            hit = other is not None and self._increment(first, item) is not None and self._increment(first, item) == self._start(other, item)
        elif other is not None:
            hit = self._start(first, item) is not None and self._start(first, item) == self._increment(other, item)
        else:
            start = self._start(first, item)
            hit = start == "0" and self._next_increments(node, item)
            if not hit and start is not None and _zero(first.value) and self._next_increments(node, item, grows=True):
                factory = _zero(first.value)
                self.report(node, f"hand-written default in `{item[0]}`: `if key not in d: d[key] = {start}` before "
                                  f"every update re-implements collections.defaultdict({factory}); use it and drop the "
                                  "membership test")
                return
        if hit:
            self.report(node, f"hand-written counting in `{item[0]}`: use collections.Counter "
                              f"(`{item[0]}[{item[1]}] += 1` on a Counter needs no membership test)")

    def _grows(self, small, item) -> bool:
        """`d[k] += v` or `d[k].append(v)` / `.extend` / `.add`."""
        if self._increment(small, item) is not None:
            return True
        if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            func = small.value.func
            return (isinstance(func, cst.Attribute) and func.attr.value in ("append", "extend", "add")
                    and self._item(func.value) == item)
        return False

    def _next_increments(self, node, item, grows: bool = False) -> bool:
        block = self.ctx.parent
        body = getattr(block, "body", ())
        if not isinstance(body, (list, tuple)):
            return False
        for i, stmt in enumerate(body):
            if stmt is node:
                nxt = body[i + 1] if i + 1 < len(body) else None
                if not (isinstance(nxt, cst.SimpleStatementLine) and len(nxt.body) == 1):
                    return False
                return self._grows(nxt.body[0], item) if grows else self._increment(nxt.body[0], item) is not None
        return False
