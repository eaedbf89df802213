import libcst as cst

from codeaudit.concurrency.index import module_index, pool_kind, resolve, root_name, walk
from codeaudit.concurrency.shared import shared_target
from codeaudit.concurrency.tables import MUTATING_METHODS, PROCESS_TYPES
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class MutateSharedInChild(PythonRule):
    """A function run in a child process mutates module-level state the parent reads.

    ## What it does
    Reports in-place updates of module-level objects (`d[k] += 1`,
    `items.append(x)`, `global n; n += 1`) in functions that run in a
    `multiprocessing.Pool`, `ProcessPoolExecutor` or `Process` (and the
    same-module functions they call), and mutation of a plain list/dict that the
    parent passes to `Process(target=f, args=(results,))` or `pool.apply_async`.
    Objects created from `multiprocessing` shared types (Manager, Queue, Value,
    Array) are exempt.

    ## Why is this bad
    Each child works on its own copy of the module's globals. The updates happen
    in the child and are thrown away when it exits; the parent's dict stays
    empty and the report shows zeros.

    ## Example
    ```python
    endpoint_hits = defaultdict(int)

    def parse_file(path):              # run with pool.map(parse_file, paths)
        for line in open(path):
            endpoint_hits[endpoint(line)] += 1
    ```

    ## Use instead
    ```python
    def parse_file(path):
        hits = Counter(endpoint(line) for line in open(path))
        return hits                     # return results; merge them in the parent
    ```
    """

    code = "CON021"
    slug = "mutate-shared-in-child"
    category = Category.CONCURRENCY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    triggers = (b"Pool", b"Process")

    VALID = [
        "import multiprocessing as mp\nfrom collections import Counter\ndef count(path):\n    c = Counter()\n"
        "    c[path] += 1\n    return c\ndef main(paths):\n    with mp.Pool() as pool:\n        return pool.map(count, paths)\n",
        "import multiprocessing as mp\nresults = mp.Manager().list()\ndef work(x):\n    results.append(x)\n"
        "def main(xs):\n    with mp.Pool() as pool:\n        pool.map(work, xs)\n",
        "from multiprocessing import Process, Queue\ndef work(x, q):\n    q.put(x)\ndef main():\n    q = Queue()\n"
        "    p = Process(target=work, args=(1, q))\n    p.start()\n    p.join()\n",
        "from concurrent.futures import ThreadPoolExecutor\nresults = []\ndef work(x):\n    results.append(x)\n"
        "def main(xs):\n    with ThreadPoolExecutor() as pool:\n        pool.map(work, xs)\n",
    ]
    INVALID = [
        "import multiprocessing as mp\nhits = {}\ndef work(k):\n    hits[k] = 1  # expect: CON021\n"
        "def main(ks):\n    with mp.Pool() as pool:\n        pool.map(work, ks)\n",
        "import multiprocessing as mp\nerrors = []\ndef work(x):\n    if x < 0:\n        errors.append(x)  # expect: CON021\n"
        "def main(xs):\n    with mp.Pool() as pool:\n        pool.map(work, xs)\n",
        "import multiprocessing\ntotal = 0\ndef work(x):\n    global total\n    total += x  # expect: CON021\n"
        "def main():\n    p = multiprocessing.Process(target=work, args=(1,))\n    p.start()\n    p.join()\n",
        "from multiprocessing import Process\ndef work(x, out):\n    out.append(x * 2)  # expect: CON021\n"
        "def main(xs):\n    results = []\n    ps = [Process(target=work, args=(x, results)) for x in xs]\n"
        "    for p in ps:\n        p.start()\n    for p in ps:\n        p.join()\n    return results\n",
    ]

    def _check(self, node, target, in_place: bool) -> None:
        if not self.ctx.module_names:
            return
        why = shared_target(self.ctx, target, "process", in_place=in_place)
        if why is None:
            return
        name = root_name(target) or self.ctx.code_of(target)
        self.report(node, f"this runs in a child process: the update to `{name}` changes the child's copy only and "
                          "is lost for the parent; return the result (or use a multiprocessing Manager/Queue)")

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._check(node, node.target, in_place=not isinstance(node.target, cst.Name))

    def visit_Assign(self, node: cst.Assign) -> None:
        for t in node.targets:
            if isinstance(t.target, (cst.Subscript, cst.Attribute)):
                self._check(node, t.target, in_place=True)
                return
            if isinstance(t.target, cst.Name):
                self._check(node, t.target, in_place=False)
                return

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in MUTATING_METHODS and \
                isinstance(self.ctx.parent, cst.Expr):
            self._check(node, func.value, in_place=True)
        self._check_passed_containers(node)

    def _check_passed_containers(self, node: cst.Call) -> None:
        """`Process(target=work, args=(results,))` where `results = []` and `work` appends to it."""
        name = self.ctx.call_name(node)
        target = args = None
        if name in PROCESS_TYPES:
            for arg in node.args:
                if arg.keyword and arg.keyword.value == "target":
                    target = arg.value
                elif arg.keyword and arg.keyword.value == "args":
                    args = arg.value
        elif (isinstance(node.func, cst.Attribute) and node.func.attr.value in ("apply", "apply_async")
              and len(node.args) >= 2 and pool_kind(self.ctx, module_index(self.ctx), node.func.value) == "process"):
            target, args = node.args[0].value, node.args[1].value
        if target is None or not isinstance(args, (cst.Tuple, cst.List)) or self.ctx.function is None:
            return
        local = self._local_containers()
        index = module_index(self.ctx)
        for info in resolve(index, target, self.ctx.class_def.name.value if self.ctx.class_def else None):
            params = [p.name.value for p in info.node.params.params]
            for pos, element in enumerate(args.elements):
                value = element.value
                if not (isinstance(value, cst.Name) and value.value in local and pos < len(params)):
                    continue
                mutation = _mutation_of(info.node, params[pos])
                if mutation is not None:
                    self.report(mutation, f"`{params[pos]}` is the parent's `{value.value}` sent to a child process: "
                                          "the child mutates a pickled copy and the parent never sees it; return the "
                                          "result or use a `multiprocessing.Queue`/`Manager`")

    def _local_containers(self) -> set[str]:
        names = set()
        for n in walk(self.ctx.function.body):
            if isinstance(n, cst.Assign) and len(n.targets) == 1:
                target, v = n.targets[0].target, n.value
            elif isinstance(n, cst.AnnAssign) and n.value is not None:
                target, v = n.target, n.value
            else:
                continue
            if isinstance(target, cst.Name) and (isinstance(v, (cst.List, cst.Dict, cst.Set)) or (
                isinstance(v, cst.Call) and (self.ctx.call_name(v) or "").rsplit(".", 1)[-1] in _CONTAINERS
            )):
                names.add(target.value)
        return names


_CONTAINERS = {"list", "dict", "set", "defaultdict", "Counter", "OrderedDict", "deque"}


def _mutation_of(func: cst.FunctionDef, param: str):
    for n in walk(func.body, stop=(cst.FunctionDef, cst.Lambda, cst.ClassDef)):
        if isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value in MUTATING_METHODS \
                and isinstance(n.func.value, cst.Name) and n.func.value.value == param:
            return n
        targets = [t.target for t in n.targets] if isinstance(n, cst.Assign) else [n.target] if isinstance(n, cst.AugAssign) else []
        if any(isinstance(t, cst.Subscript) and isinstance(t.value, cst.Name) and t.value.value == param for t in targets):
            return n
    return None
