import libcst as cst

from codeaudit.knowledge.cst_tools import assignment_targets, invariant_in, list_annotation, real_loops, walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class ListMembershipInLoop(PythonRule):
    """A membership test against a list inside a loop.

    ## What it does
    Reports `x in items` / `x not in items` inside a loop or comprehension when
    `items` is a list whose size depends on the data (a comprehension,
    `list(...)`, `sorted(...)`, `os.listdir`/`glob.glob`/`re.findall` or
    `.readlines()`/`.splitlines()` result, a list-returning function of
    the module, a parameter annotated `list`, or a `self.attr` the class only
    ever assigns lists) and it does not change in the loop; outside a loop, a
    `x in self.seen` / `x in seen: list` test in a recursive function that then
    appends `x` to that list and never pops from it (a traversal's visited-set
    kept in a list that grows with every call; registries and stacks are left
    alone).
    `items.index(x)` and
    `items.count(x)` on such lists are reported the same way.

    ## Why is this bad
    `in` on a list scans it: O(m) per test, O(n*m) for the loop. A set built once
    before the loop makes each test O(1). Constant-size literal lists are not
    reported.

    ## Example
    ```python
    def tokenize(words, stopwords: list):
        return [w for w in words if w not in stopwords]
    ```

    ## Use instead
    ```python
    def tokenize(words, stopwords):
        stop = set(stopwords)
        return [w for w in words if w not in stop]
    ```
    """

    code = "EFF004"
    slug = "list-membership-in-loop"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b" in ",)

    VALID = [
        "def f(rows):\n    keep = ['id', 'name']\n    for r in rows:\n        if r.key in keep:\n            print(r)\n",
        "def f(rows, extra):\n    cols = ['id', 'name']\n    for r in rows:\n        if r not in cols:\n            print(r)\n    cols.append(extra)\n",
        "def f(start, links_of):\n    seen = {start}\n    queue = [start]\n    for link in links_of(start):\n        if link not in seen:\n            seen.add(link)\n            queue.append(link)\n",
        "def f(words, stop: set):\n    return [w for w in words if w not in stop]\n",
        "def f(words):\n    for w in words:\n        if w in ['a', 'b', 'c']:\n            pass\n",
        "def f(words: list):\n    return 'x' in words\n",
        "def f(d, k):\n    return k in list(d.keys())\n",
        "def f(xs):\n    seen = []\n    return 'a' in seen\n",
        "import os\ndef f(srcs, d):\n    existing = set(os.listdir(d))\n    return [s for s in srcs if os.path.basename(s) not in existing]\n",
        "class R:\n    def __init__(self, items):\n        self.items = items\n    def has(self, xs):\n        return [x for x in xs if x in self.items]\n",
        "def f(text: str, wanted):\n    return [text.count(w) for w in wanted]\n",
        "def f(names: list, wanted):\n    for w in wanted:\n        i = names.index(w)\n        names.pop(i)\n",
        "class Crawler:\n    def __init__(self):\n        self.seen = set()\n    def crawl(self, url):\n        if url in self.seen:\n            return\n        self.seen.add(url)\n",
        "class R:\n    def __init__(self):\n        self.names = []\n    def register(self, name):\n        if name in self.names:\n            raise ValueError(name)\n        self.names.append(name.lower())\n",
        "class R:\n    def __init__(self, names):\n        self.names = names\n    def register(self, name):\n        if name not in self.names:\n            self.names.append(name)\n",
        "class Registry:\n    def __init__(self):\n        self.names = []\n    def register(self, name):\n        if name not in self.names:\n            self.names.append(name)\n",
        "def dfs(node, path: list):\n    if node in path:\n        raise ValueError('cycle')\n    path.append(node)\n    for c in node.children:\n        dfs(c, path)\n    path.pop()\n",
        "class Q:\n    def __init__(self):\n        self.items = []\n    def drain(self, xs):\n        for x in xs:\n            if x in self.items:\n                self.items.remove(x)\n",
    ]
    INVALID = [
        "def dedupe(items):\n    seen = []\n    for x in items:\n        if x not in seen:  # expect: EFF004\n            seen.append(x)\n    return seen\n",
        "def f(keys, d):\n    return [k for k in keys if k in list(d.keys())]  # expect: EFF004\n",
        "def f(words, stop: list):\n    return [w for w in words if w not in stop]  # expect: EFF004\n",
        "def load(p):\n    return [l.strip() for l in open(p)]\n\ndef f(rows, p):\n    bad = load(p)\n    for r in rows:\n        if r.sku in bad:  # expect: EFF004\n            print(r)\n",
        "import os\ndef f(srcs, d):\n    existing = os.listdir(d)\n    return [s for s in srcs if os.path.basename(s) not in existing]  # expect: EFF004\n",
        "class R:\n    def __init__(self):\n        self.items = []\n    def add(self, xs):\n        for x in xs:\n            if x not in self.items:  # expect: EFF004\n                self.items.append(x)\n",
        "def f(names: list, wanted):\n    return [names.index(w) for w in wanted]  # expect: EFF004\n",
        "def f(words):\n    words = [w.lower() for w in words]\n    return {w: words.count(w) for w in words}  # expect: EFF004\n",
        "def crawl(start, links_of):\n    queue = [start]\n    seen = [start]\n    while queue:\n        url = queue.pop()\n        for link in links_of(url):\n            if link not in seen:  # expect: EFF004\n                seen.append(link)\n                queue.append(link)\n",
        "class Crawler:\n    def __init__(self):\n        self.seen = []\n    def crawl(self, url):\n        if url in self.seen:  # expect: EFF004\n            return\n        self.seen.append(url)\n        for link in fetch(url):\n            self.crawl(link)\n",
        "def walk(node, visited: list):\n    if node.id not in visited:  # expect: EFF004\n        visited.append(node.id)\n        for child in node.children:\n            walk(child, visited)\n",
        "class Spider:\n    def __init__(self):\n        self.visited = []\n    def visit(self, page):\n        if page.url not in self.visited:  # expect: EFF004\n            self.visited.append(page.url)\n            for child in page.links:\n                self.visit(child)\n",
        "def f(root, children):\n    order = [root]\n    for node in children:\n        if node.parent in order and node not in order:  # expect: EFF004\n            order.append(node)\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._scope_lists: dict[int, set[str]] = {}
        self._scope_seeded: dict[int, set[str]] = {}
        self._list_funcs: set[str] | None = None
        self._class_lists: dict[int, set[str]] = {}
        self._appends: dict[int, set[tuple[str, str]]] = {}

    def _list_functions(self) -> set[str]:
        if self._list_funcs is None:
            names = set()
            for stmt in self.ctx.module.body:
                if not isinstance(stmt, cst.FunctionDef):
                    continue
                returns = [n for n in walk(stmt) if isinstance(n, cst.Return)]
                annotated = stmt.returns is not None and list_annotation(stmt.returns)
                if annotated or (returns and all(_listy(r.value, self.ctx, set()) for r in returns)):
                    names.add(stmt.name.value)
            self._list_funcs = names
        return self._list_funcs

    def _lists_in(self, func) -> set[str]:
        key = id(func)
        if key in self._scope_lists:
            return self._scope_lists[key]
        names: set[str] = set()
        unknown: set[str] = set()
        seeded: set[str] = set()
        if isinstance(func, cst.FunctionDef):
            for param in func.params.params + func.params.kwonly_params:
                if list_annotation(param.annotation):
                    names.add(param.name.value)
        scope = func if func is not None else self.ctx.module
        funcs = self._list_functions()
        for node in walk(scope):
            if isinstance(node, cst.Assign):
                for t in node.targets:
                    if isinstance(t.target, cst.Name):
                        if isinstance(node.value, cst.List) and node.value.elements:
                            seeded.add(t.target.value)  # `seen = [start]`: data-sized only if it grows
                        (names if _listy(node.value, self.ctx, funcs) else unknown).add(t.target.value)
            elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For)) and isinstance(node.target, cst.Name):
                if not isinstance(node, cst.AugAssign):
                    unknown.add(node.target.value)
        self._scope_lists[key] = names - unknown
        self._scope_seeded[key] = seeded - names - (unknown - seeded)
        return self._scope_lists[key]

    def _appended(self, func) -> set[tuple[str, str]]:
        """(container, value) code pairs of `container.append(value)` calls in ``func``."""
        key = id(func)
        if key not in self._appends:
            pairs = set()
            for n in walk(func):
                if (isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value == "append"
                        and len(n.args) == 1):
                    pairs.add((self.ctx.code_of(n.func.value), self.ctx.code_of(n.args[0].value)))
            self._appends[key] = pairs
        return self._appends[key]

    def _recursive(self, func: cst.FunctionDef) -> bool:
        """The function calls itself (`crawl(...)` / `self.crawl(...)`): a traversal over the data."""
        name = func.name.value
        return any(
            isinstance(n, cst.Call) and (
                (isinstance(n.func, cst.Name) and n.func.value == name)
                or (isinstance(n.func, cst.Attribute) and n.func.attr.value == name
                    and isinstance(n.func.value, cst.Name) and n.func.value.value == "self"))
            for n in walk(func.body)
        )

    def _grows_across_calls(self, node: cst.Comparison) -> None:
        """`if x not in self.seen: ... self.seen.append(x)` outside a loop: the list is a set that persists across
        calls (an instance attribute or a list parameter threaded through recursion), so every call scans it."""
        func = self.ctx.function
        if not isinstance(func, cst.FunctionDef) or len(node.comparisons) != 1:
            return
        target = node.comparisons[0]
        if not isinstance(target.operator, (cst.In, cst.NotIn)):
            return
        right = target.comparator
        if isinstance(right, cst.Attribute):
            ref = self._list_ref(right)
        elif isinstance(right, cst.Name) and list_annotation(_param_annotation(func, right.value)):
            ref = right.value
        else:
            return
        if not ref or (self.ctx.code_of(right), self.ctx.code_of(node.left)) not in self._appended(func):
            return
        if not self._recursive(func) or _shrinks(ref, self.ctx.class_def if "." in ref else func):
            return  # a registry or a stack (popped), not a visited-set of a traversal
        self.report(node, f"`in {ref}` scans a list that every call appends to (O(n) per call, O(n²) overall); "
                          f"keep the seen items in a set (`{ref}.add(x)`) or next to the list",
                    confidence=Confidence.LOW)

    def visit_Comparison(self, node: cst.Comparison) -> None:
        loops = real_loops(self.ctx)
        if isinstance(self.ctx.function, cst.Lambda):
            return
        if not loops:
            self._grows_across_calls(node)
            return
        for target in node.comparisons:
            if not isinstance(target.operator, (cst.In, cst.NotIn)):
                continue
            right = target.comparator
            if isinstance(right, (cst.Call, cst.ListComp)) and _builds_list(right, self.ctx):
                self.report(
                    node,
                    "a list is built and scanned on every iteration (O(n) each); build a set once before the loop "
                    "(`in d` works directly on a dict)",
                )
                return
            ref = self._list_ref(right) or self._seeded_ref(right, loops[0])
            if ref and invariant_in(right, loops[-1]) and not _mutated_in(ref, loops[0]):
                if _grown_in(ref, loops[0]):
                    message = (f"`in {ref}` scans a list that grows in the loop (O(n²) overall); "
                               f"track membership in a set (`seen = set()`, `seen.add(x)`) next to the list")
                else:
                    message = (f"`in {ref}` scans a list on every iteration (O(n*m)); "
                               f"build a set once before the loop: `{ref.replace('.', '_')}_set = set({ref})`")
                self.report(node, message)
                return

    def visit_Call(self, node: cst.Call) -> None:
        """`items.index(x)` / `items.count(x)` in a loop: a linear scan per iteration."""
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value in ("index", "count") and len(node.args) == 1):
            return
        loops = real_loops(self.ctx)
        if not loops or isinstance(self.ctx.function, cst.Lambda):
            return
        ref = self._list_ref(func.value)
        if not ref or not invariant_in(func.value, loops[-1]) or _mutated_in(ref, loops[0]) or _grown_in(ref, loops[0]):
            return
        if func.attr.value == "index":
            fix = f"build a position dict once: `pos = {{v: i for i, v in enumerate({ref})}}`"
        else:
            fix = f"count everything once with `collections.Counter({ref})`"
        self.report(node, f"`{ref}.{func.attr.value}()` scans the whole list on every iteration (O(n*m)); {fix}")

    def _list_ref(self, expr) -> str | None:
        """`name` or `self.name` when it holds a data-sized list, else None."""
        if isinstance(expr, cst.Name) and expr.value in self._lists_in(self.ctx.function):
            return expr.value
        if (isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name) and expr.value.value == "self"
                and expr.attr.value in self._self_lists()):
            return f"self.{expr.attr.value}"
        return None

    def _seeded_ref(self, expr, loop) -> str | None:
        """A local seeded with a literal list (`seen = [start]`) that the loop appends to."""
        if not isinstance(expr, cst.Name):
            return None
        self._lists_in(self.ctx.function)
        if expr.value in self._scope_seeded.get(id(self.ctx.function), ()) and _grown_in(expr.value, loop):
            return expr.value
        return None

    def _self_lists(self) -> set[str]:
        """Attributes of the enclosing class only ever assigned lists (`self.items = []` in `__init__`)."""
        cls = self.ctx.class_def
        if cls is None:
            return set()
        key = id(cls)
        if key not in self._class_lists:
            names: set[str] = set()
            unknown: set[str] = set()
            funcs = self._list_functions()
            for n in walk(cls, into_scopes=True):
                for t in assignment_targets(n):
                    if isinstance(t, cst.Attribute) and isinstance(t.value, cst.Name) and t.value.value == "self":
                        listy = isinstance(n, cst.Assign) and _listy(n.value, self.ctx, funcs)
                        (names if listy else unknown).add(t.attr.value)
            self._class_lists[key] = names - unknown
        return self._class_lists[key]


def _shrinks(ref: str, scope) -> bool:
    """The list is popped/removed/cleared somewhere in ``scope``: a stack or a working list, not a seen-record."""
    return scope is not None and any(
        isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value in ("pop", "remove", "clear")
        and _is_ref(n.func.value, ref)
        for n in walk(scope, into_scopes=True)
    )


def _param_annotation(func: cst.FunctionDef, name: str):
    for param in func.params.params + func.params.kwonly_params:
        if param.name.value == name:
            return param.annotation
    return None


def _listy(value, ctx, funcs) -> bool:
    if isinstance(value, cst.ListComp) or (isinstance(value, cst.List) and not value.elements):
        return True  # a comprehension, or an empty list that grows with the data
    if isinstance(value, cst.Call):
        name = ctx.call_name(value)
        if name == "list" and value.args:
            return True
        if isinstance(value.func, cst.Name) and value.func.value in funcs:
            return True
        if name in _LIST_CALLS:
            return True
        if isinstance(value.func, cst.Attribute) and value.func.attr.value in _LIST_METHODS:
            return True
    return False


#: Calls that return a list whose size depends on the data (directory listings, matches, sorted copies).
_LIST_CALLS = {
    "os.listdir", "glob.glob", "fnmatch.filter", "re.findall", "sorted", "shlex.split",
}
#: Methods that return data-sized lists.
_LIST_METHODS = {"readlines", "splitlines", "findall", "namelist", "getnames"}


def _is_ref(expr, ref: str) -> bool:
    """``expr`` is the name ``ref`` (or ``self.attr`` for ``ref == "self.attr"``)."""
    if isinstance(expr, cst.Name):
        return expr.value == ref
    return (isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name)
            and f"{expr.value.value}.{expr.attr.value}" == ref)


def _grown_in(name: str, loop) -> bool:
    return any(
        isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value in ("append", "extend")
        and _is_ref(n.func.value, name)
        for n in walk(loop)
    )


def _builds_list(expr, ctx) -> bool:
    if isinstance(expr, cst.ListComp):
        return True
    return ctx.call_name(expr) == "list" and len(expr.args) == 1


#: Mutations a set cannot mirror (order/position); append/extend map to set.add/update.
_MUTATORS = {"insert", "remove", "pop", "clear", "sort", "reverse"}


def _mutated_in(name: str, loop) -> bool:
    """The list changes inside the loop (item assignment or a mutating method): a set is no drop-in."""
    for n in walk(loop):
        if isinstance(n, (cst.Assign, cst.AugAssign)):
            targets = [t.target for t in n.targets] if isinstance(n, cst.Assign) else [n.target]
            if any(isinstance(t, cst.Subscript) and _is_ref(t.value, name) for t in targets):
                return True
            if any(_is_ref(t, name) for t in targets):
                return True  # rebound in the loop
        elif isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value in _MUTATORS:
            if _is_ref(n.func.value, name):
                return True
    return False
