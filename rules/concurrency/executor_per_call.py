import libcst as cst

from codeaudit.concurrency.index import module_index, walk
from codeaudit.concurrency.tables import PROCESS_POOLS, THREAD_POOLS
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_POOLS = THREAD_POOLS | PROCESS_POOLS
_CLOSERS = {"shutdown", "close", "terminate"}


class ExecutorPerCall(PythonRule):
    """A thread/process pool created in a loop, or per call and never shut down.

    ## What it does
    Reports `ThreadPoolExecutor`, `ProcessPoolExecutor` and `multiprocessing.Pool`
    constructed inside a loop, process pools created (even in `with`) by a
    function that the module calls once per item of a loop, and pools assigned to a local variable in a
    function that neither shuts them down, uses them in `with`, nor returns or
    stores them. Pools in `with` blocks per call, pools kept on `self`, and
    module-level pools stay silent.

    ## Why is this bad
    Creating a pool starts threads or processes; doing it per iteration or per
    request multiplies start-up cost and, without `shutdown()`, leaks workers
    until the process runs out of threads or memory.

    ## Example
    ```python
    def thumbnails_for(src):
        executor = ThreadPoolExecutor(max_workers=3)
        return [f.result() for f in [executor.submit(make, src, s) for s in SIZES]]
    ```

    ## Use instead
    ```python
    _executor = ThreadPoolExecutor(max_workers=8)   # one shared pool

    def thumbnails_for(src):
        return list(_executor.map(lambda s: make(src, s), SIZES))
    ```
    """

    code = "CON016"
    slug = "executor-per-call"
    category = Category.CONCURRENCY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    triggers = (b"Executor", b"Pool")

    VALID = [
        # called once (not per item), or a thread pool (cheap to start) per batch
        "from concurrent.futures import ProcessPoolExecutor\ndef render(paths):\n"
        "    with ProcessPoolExecutor() as pool:\n        return list(pool.map(work, paths))\ndef main(paths):\n"
        "    out = render(paths)\n    for p in out:\n        print(p)\n",
        "from concurrent.futures import ThreadPoolExecutor\ndef upload(paths):\n"
        "    with ThreadPoolExecutor(8) as pool:\n        list(pool.map(send, paths))\ndef main(batches):\n"
        "    for b in batches:\n        upload(b)\n",
        "from concurrent.futures import ThreadPoolExecutor\ndef f(fn, xs):\n    with ThreadPoolExecutor() as pool:\n"
        "        return list(pool.map(fn, xs))\n",
        "from concurrent.futures import ThreadPoolExecutor\nclass C:\n    def __init__(self):\n"
        "        self._pool = ThreadPoolExecutor(4)\n",
        "from concurrent.futures import ThreadPoolExecutor\ndef f(fn, xs):\n    pool = ThreadPoolExecutor()\n"
        "    try:\n        return list(pool.map(fn, xs))\n    finally:\n        pool.shutdown()\n",
        "from concurrent.futures import ThreadPoolExecutor\ndef make_pool(n):\n    pool = ThreadPoolExecutor(n)\n    return pool\n",
        "from concurrent.futures import ThreadPoolExecutor\n_pool = ThreadPoolExecutor(8)\n",
    ]
    INVALID = [
        "from concurrent.futures import ProcessPoolExecutor\ndef render(paths):\n"
        "    with ProcessPoolExecutor() as pool:  # expect: CON016\n        return list(pool.map(work, paths))\n"
        "def main(batches):\n    for batch in batches:\n        render(batch)\n",
        "import multiprocessing\nclass Job:\n    def crunch(self, chunk):\n"
        "        with multiprocessing.Pool(4) as p:  # expect: CON016\n            return p.map(work, chunk)\n"
        "    def run(self, chunks):\n        return [self.crunch(c) for c in chunks]\n",
        "from concurrent.futures import ThreadPoolExecutor\ndef f(fn, x):\n"
        "    ex = ThreadPoolExecutor(max_workers=3)  # expect: CON016\n    return ex.submit(fn, x).result()\n",
        "from concurrent.futures import ThreadPoolExecutor\ndef f(fn, batches):\n    for b in batches:\n"
        "        pool = ThreadPoolExecutor(10)  # expect: CON016\n        pool.map(fn, b)\n        pool.shutdown()\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        name = self.ctx.call_name(node)
        if name not in _POOLS or self.ctx.function is None:
            return
        short = name.rsplit(".", 1)[-1]
        parent = self.ctx.parent
        in_with = isinstance(parent, cst.WithItem)
        if self.ctx.in_loop:
            self.report(node, f"a new `{short}` on every loop iteration starts and tears down workers each time; "
                              "create one pool outside the loop and reuse it",
                        **({"confidence": Confidence.MEDIUM, "severity": Severity.LOW} if in_with else {}))
            return
        if name in PROCESS_POOLS and self._called_per_item():
            self.report(node, f"`{self.ctx.function.name.value}()` is called once per item of a loop and starts a new "
                              f"`{short}` (fresh worker processes) on every call; create one pool for the whole run "
                              "and pass it in")
            return
        if in_with:
            return
        assign = self.ctx.parents[-1] if self.ctx.parents else None
        if not (isinstance(assign, cst.Assign) and len(assign.targets) == 1 and isinstance(assign.targets[0].target, cst.Name)):
            if isinstance(parent, cst.Attribute):  # ThreadPoolExecutor().submit(...)
                self.report(node, f"`{short}()` created for one call and never shut down; its workers leak; share "
                                  "one pool or use `with`")
            return
        var = assign.targets[0].target.value
        if self._kept(var):
            return
        self.report(node, f"`{short}` created on each call of `{self.ctx.function.name.value}` and never shut down: "
                          "worker threads/processes leak per call; share one pool, or use `with " f"{short}(...) as {var}:`")

    def _called_per_item(self) -> bool:
        """The enclosing function is called inside a loop or comprehension elsewhere in this module."""
        func = self.ctx.function
        if not isinstance(func, cst.FunctionDef) or len(self.ctx.scopes) > 2:
            return False
        return func.name.value in module_index(self.ctx).called_in_loop

    def _kept(self, var: str) -> bool:
        func = self.ctx.function
        for n in walk(func.body):
            if isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value in _CLOSERS \
                    and isinstance(n.func.value, cst.Name) and n.func.value.value == var:
                return True
            if isinstance(n, cst.WithItem) and isinstance(n.item, cst.Name) and n.item.value == var:
                return True
            if isinstance(n, (cst.Return, cst.Yield)) and n.value is not None:
                values = [e.value for e in n.value.elements] if isinstance(n.value, cst.Tuple) else [n.value]
                if any(isinstance(x, cst.Name) and x.value == var for x in values):
                    return True
            if isinstance(n, cst.Assign) and any(isinstance(x, cst.Name) and x.value == var for x in walk(n.value)) \
                    and any(not isinstance(t.target, cst.Name) for t in n.targets):
                return True  # stored: self.pool = pool, registry[k] = pool
            if isinstance(n, cst.Call) and any(isinstance(a.value, cst.Name) and a.value.value == var for a in n.args):
                return True  # handed to something that may own it (atexit.register, a registry)
        return False
