import libcst as cst

from codeaudit.knowledge.cst_tools import real_loops, read_names, target_names, walk
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
    loop's variable (or a local the outer loop derives from it) and the inner
    collection does not depend on the outer item. An inner generator that looks
    up one item per outer item — `next(x for x in xs if x.id == key)`,
    `any(...)`, `[...][0]` — is reported the same way, as is a filter over the
    very list the outer loop appends to (`[m for m in merged if m.key == x.key]`
    then `merged.append(x)`: find-or-append by scanning).

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
        "def plan(stops, depots):\n    for depot_id in depots:\n        mine = [s for s in stops if s.depot == depot_id]\n        print(mine)\n",
        "def f(users, orders):\n    for u in users:\n        mine = next((o for o in u.orders if o.id == u.last_id), None)\n",
        "def f(users):\n    for u in users:\n        if any(r == 'admin' for r in ('admin', 'staff')):\n            print(u)\n",
        "def f(excs, handled):\n    for exc in excs:\n        ancestors = [a for a in exc.ancestors()]\n        for prev in handled:\n            if prev in ancestors:\n                print(prev)\n",
        "def f(a, b):\n    for x in a:\n        for y in x.children:\n            if y.id == x.id:\n                pass\n",
        "def f(lines):\n    merged = []\n    for line in lines:\n        same = [m for m in line.parts if m.sku == line.sku]\n        merged.append(same)\n    return merged\n",
        "def f(lines, seen):\n    out = []\n    for line in lines:\n        same = [m for m in seen if m.sku == line.sku]\n        out.append(same)\n    return out\n",
        "def f(grid):\n    for i in range(3):\n        for j in range(3):\n            if i == j:\n                pass\n",
    ]
    INVALID = [
        "def f(users, orders):\n    for u in users:\n        for o in orders:\n            if o.user_id == u.id:  # expect: EFF011\n                print(u, o)\n",
        "def f(items, rows):\n    for item in items:\n        for row in rows:\n            if row.code in item.codes:  # expect: EFF011\n                print(row)\n",
        "def attach(contacts, companies):\n    for contact in contacts:\n        domain = contact['email'].split('@')[1]\n        for company in companies:\n            if company['domain'] == domain:  # expect: EFF011\n                contact['company'] = company['name']\n                break\n",
        "def f(schedule, stops):\n    out = []\n    for stop_id, eta in schedule:\n        stop = next(s for s in stops if s['id'] == stop_id)  # expect: EFF011\n        out.append((stop, eta))\n    return out\n",
        "def f(orders, customers):\n    return [next((c for c in customers if c.id == o.customer_id), None) for o in orders]  # expect: EFF011\n",
        "def f(events, users):\n    for e in events:\n        u = [x for x in users if x.name == e.actor][0]  # expect: EFF011\n        print(u)\n",
        "def merge(lines):\n    merged = []\n    for line in lines:\n        same = [m for m in merged if m.sku == line.sku]  # expect: EFF011\n        if same:\n            same[0].qty += line.qty\n        else:\n            merged.append(line)\n    return merged\n",
        "def group(rows):\n    groups = []\n    for r in rows:\n        hit = [g for g in groups if g['key'] == r['key']]  # expect: EFF011\n        if not hit:\n            groups.append({'key': r['key'], 'rows': [r]})\n        else:\n            hit[0]['rows'].append(r)\n    return groups\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._derived: dict[int, set[str]] = {}

    def _outer_names(self, outer) -> set[str]:
        """The outer loop's variables plus locals its body derives from them (`domain = c.email.split("@")[1]`)."""
        key = id(outer)
        if key not in self._derived:
            names = set(target_names(_loop_parts(outer)[0]))
            if isinstance(outer, cst.For) and isinstance(outer.body, cst.IndentedBlock):
                for stmt in outer.body.body:
                    if not isinstance(stmt, cst.SimpleStatementLine):
                        continue
                    for small in stmt.body:
                        if (isinstance(small, cst.Assign) and len(small.targets) == 1
                                and isinstance(small.targets[0].target, cst.Name) and read_names(small.value) & names):
                            names.add(small.targets[0].target.value)
            self._derived[key] = names
        return self._derived[key]

    def visit_Comparison(self, node: cst.Comparison) -> None:
        loops = real_loops(self.ctx)
        if len(loops) < 2 or len(node.comparisons) != 1:
            return
        inner, outer = loops[-1], loops[-2]
        if not isinstance(outer, (cst.For, *_COMPREHENSIONS)):
            return
        if isinstance(inner, cst.For):
            lookup = False
        elif isinstance(inner, _COMPREHENSIONS) and _single_match(inner, self.ctx):
            lookup = True
        elif (isinstance(inner, _COMPREHENSIONS) and inner.for_in.ifs and inner.for_in.inner_for_in is None
              and _grows_in(inner.for_in.iter, outer)):
            lookup = True  # filtering a list the outer loop appends to: a find-or-append scan
        else:
            return
        (outer_target, outer_iter), (inner_target, inner_iter) = _loop_parts(outer), _loop_parts(inner)
        if _ranges(inner_iter) or _ranges(outer_iter):
            return
        outer_vars, inner_vars = target_names(outer_target), target_names(inner_target)
        if not outer_vars or not inner_vars:
            return
        targets = outer_vars
        outer_vars = self._outer_names(outer) - inner_vars
        if read_names(inner_iter) & outer_vars:
            return
        op = node.comparisons[0].operator
        left, right = read_names(node.left), read_names(node.comparisons[0].comparator)
        if not left or not right:
            return
        sides = (left <= outer_vars and right <= inner_vars) or (left <= inner_vars and right <= outer_vars)
        if isinstance(op, cst.Equal) and sides:
            pass
        elif isinstance(op, cst.In) and left <= inner_vars and right <= targets and not lookup:
            # only `row.code in item.codes`: a list computed per outer item is a membership test, not a join
            pass
        else:
            return
        if lookup:
            message = ("linear search for one matching item on every iteration of the outer loop: O(n*m); "
                       "index the collection once in a dict keyed by the match key and look items up in O(1)")
        else:
            message = ("join of two collections by nested loops: O(n*m) comparisons; index the inner collection "
                       "once in a dict keyed by the join key (O(n+m))")
        self.report(node, message)


_COMPREHENSIONS = (cst.GeneratorExp, cst.ListComp, cst.SetComp, cst.DictComp)


def _grows_in(iterable, outer) -> bool:
    """``iterable`` is a local list the outer loop appends to (the result list itself is searched)."""
    if not isinstance(iterable, cst.Name) or not isinstance(outer, cst.For):
        return False
    return any(
        isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value in ("append", "extend")
        and isinstance(n.func.value, cst.Name) and n.func.value.value == iterable.value
        for n in walk(outer.body)
    )


def _loop_parts(loop):
    """(target, iterable) of a For loop or of a comprehension's first `for` clause."""
    if isinstance(loop, cst.For):
        return loop.target, loop.iter
    return loop.for_in.target, loop.for_in.iter


def _single_match(comp, ctx) -> bool:
    """A comprehension used to find one item: `next(x for x in xs if ...)`, `any(...)`, `[... if ...][0]`."""
    if comp.for_in.inner_for_in is not None or not comp.for_in.ifs:
        return False
    parents = list(ctx.parents)
    at = next((i for i in range(len(parents) - 1, -1, -1) if parents[i] is comp), None)
    if not at:
        return False
    parents = parents[:at]  # the comprehension's own ancestors
    parent = parents[-1]
    if isinstance(comp, cst.GeneratorExp) and isinstance(parent, cst.Arg) and len(parents) >= 2:
        call = parents[-2]
        return (isinstance(call, cst.Call) and call.args and call.args[0] is parent
                and ctx.call_name(call) in ("next", "any"))
    if isinstance(comp, cst.ListComp) and isinstance(parent, cst.Subscript):
        index = parent.slice[0].slice if len(parent.slice) == 1 else None
        return isinstance(index, cst.Index) and isinstance(index.value, cst.Integer) and index.value.value == "0"
    return False
