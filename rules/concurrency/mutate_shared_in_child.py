import libcst as cst

from codeaudit.concurrency.index import root_name
from codeaudit.concurrency.shared import shared_target
from codeaudit.concurrency.tables import MUTATING_METHODS
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class MutateSharedInChild(PythonRule):
    """A function run in a child process mutates module-level state the parent reads.

    ## What it does
    Reports in-place updates of module-level objects (`d[k] += 1`,
    `items.append(x)`, `global n; n += 1`) in functions that run in a
    `multiprocessing.Pool`, `ProcessPoolExecutor` or `Process` (and the
    same-module functions they call). Objects created from `multiprocessing`
    shared types (Manager, Queue, Value, Array) are exempt.

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
