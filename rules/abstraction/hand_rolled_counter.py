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


class HandRolledCounter(PythonRule):
    """Counting occurrences in a dict by hand instead of `collections.Counter`.

    ## What it does
    Inside a loop, reports the branching counting idioms on a dict:
    `if k in d: d[k] += 1 else: d[k] = 1` (or the `not in` mirror) and
    `if k not in d: d[k] = 0` followed by `d[k] += 1`. The one-line
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
    triggers = (b"+= ",)

    VALID = [
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
            hit = self._start(first, item) == "0" and self._next_increments(node, item)
        if hit:
            self.report(node, f"hand-written counting in `{item[0]}`: use collections.Counter "
                              f"(`{item[0]}[{item[1]}] += 1` on a Counter needs no membership test)")

    def _next_increments(self, node, item) -> bool:
        block = self.ctx.parent
        body = getattr(block, "body", ())
        if not isinstance(body, (list, tuple)):
            return False
        for i, stmt in enumerate(body):
            if stmt is node:
                nxt = body[i + 1] if i + 1 < len(body) else None
                return (isinstance(nxt, cst.SimpleStatementLine) and len(nxt.body) == 1
                        and self._increment(nxt.body[0], item) is not None)
        return False
