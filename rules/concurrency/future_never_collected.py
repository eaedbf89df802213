import libcst as cst

from codeaudit.concurrency.index import resolve, module_index, pool_kind, walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity


def _handles_errors(func: cst.FunctionDef) -> bool:
    """The task catches its own exceptions (a top-level try/except in its body)."""
    return any(isinstance(n, cst.Try) and n.handlers for n in walk(func.body, stop=(cst.FunctionDef, cst.Lambda)))


class FutureNeverCollected(PythonRule):
    """`executor.submit(...)` whose Future is dropped: the task's exception vanishes.

    ## What it does
    Reports `submit(...)` on a thread or process pool used as a bare statement,
    unless the submitted function is defined in the module and catches its own
    exceptions.

    ## Why is this bad
    An exception raised in a submitted task is stored on its Future; if nobody
    calls `result()` (or `exception()`), the failure is silently lost. The
    uploads "succeed", the batch reports done, and half the work never happened.

    ## Example
    ```python
    with ThreadPoolExecutor(8) as pool:
        for p in paths:
            pool.submit(upload, p)
    ```

    ## Use instead
    ```python
    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(upload, p) for p in paths]
        for fut in as_completed(futures):
            fut.result()        # re-raises the task's exception
    ```
    """

    code = "CON017"
    slug = "future-never-collected"
    category = Category.CONCURRENCY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    triggers = (b".submit(",)

    VALID = [
        "from concurrent.futures import ThreadPoolExecutor, as_completed\ndef f(fn, xs):\n"
        "    with ThreadPoolExecutor() as pool:\n        futs = [pool.submit(fn, x) for x in xs]\n"
        "        return [f.result() for f in as_completed(futs)]\n",
        "import logging\nfrom concurrent.futures import ThreadPoolExecutor\ndef send(x):\n    try:\n        print(x)\n"
        "    except Exception:\n        logging.exception('send failed')\n"
        "def f(xs):\n    with ThreadPoolExecutor() as pool:\n        for x in xs:\n            pool.submit(send, x)\n",
        "def f(form, x):\n    form.submit(x)\n",
    ]
    INVALID = [
        "from concurrent.futures import ThreadPoolExecutor\ndef f(upload, xs):\n    with ThreadPoolExecutor() as pool:\n"
        "        for x in xs:\n            pool.submit(upload, x)  # expect: CON017\n",
    ]

    def visit_Expr(self, node: cst.Expr) -> None:
        call = node.value
        if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value == "submit"
                and call.args):
            return
        index = module_index(self.ctx)
        receiver = call.func.value
        if pool_kind(self.ctx, index, receiver) is None:
            text = self.ctx.code_of(receiver).lower()
            if not any(w in text for w in ("executor", "pool")):
                return
        cls = self.ctx.class_def.name.value if self.ctx.class_def is not None else None
        targets = resolve(index, call.args[0].value, cls)
        if targets and all(_handles_errors(t.node) for t in targets):
            return
        self.report(call, "the Future returned by `submit()` is dropped, so an exception in the task is never "
                          "seen; keep the futures and call `.result()` (e.g. with `as_completed`)")
