import libcst as cst

from codeaudit.concurrency.index import dotted, module_index, pool_kind
from codeaudit.concurrency.tables import PROCESS_TYPES, SUBMIT_METHODS
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class LambdaToProcessPool(PythonRule):
    """A lambda, closure or nested function sent to a process pool.

    ## What it does
    Reports lambdas and functions defined inside another function passed to
    `map`/`submit`/`apply_async`/... of a `multiprocessing.Pool` or
    `ProcessPoolExecutor` (also through `functools.partial`), and to
    `multiprocessing.Process(target=...)`. Thread pools accept them and stay
    silent.

    ## Why is this bad
    Process pools pickle the function to send it to the workers, and lambdas and
    local functions cannot be pickled: the call fails at run time with
    `PicklingError: Can't pickle <function <lambda>>` (for `Process`, under the
    spawn start method).

    ## Example
    ```python
    lengths = pool.map(lambda r: r["tokens"], rows)
    ```

    ## Use instead
    ```python
    def token_count(row):
        return row["tokens"]

    lengths = pool.map(token_count, rows)   # or operator.itemgetter("tokens")
    ```
    """

    code = "CON020"
    slug = "lambda-to-process-pool"
    category = Category.CONCURRENCY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    triggers = (b"Pool", b"Process")

    VALID = [
        "from concurrent.futures import ThreadPoolExecutor\ndef f(xs):\n    with ThreadPoolExecutor() as pool:\n"
        "        return list(pool.map(lambda x: x * 2, xs))\n",
        "import multiprocessing as mp\ndef double(x):\n    return 2 * x\ndef f(xs):\n    with mp.Pool() as pool:\n"
        "        return pool.map(double, xs)\n",
    ]
    INVALID = [
        "import multiprocessing as mp\ndef f(xs):\n    with mp.Pool() as pool:\n"
        "        return pool.map(lambda x: x * 2, xs)  # expect: CON020\n",
        "from concurrent.futures import ProcessPoolExecutor\ndef f(xs):\n    def work(x):\n        return x + 1\n"
        "    with ProcessPoolExecutor() as ex:\n        return list(ex.map(work, xs))  # expect: CON020\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        fn = None
        if isinstance(func, cst.Attribute) and func.attr.value in SUBMIT_METHODS and node.args:
            if pool_kind(self.ctx, module_index(self.ctx), func.value) != "process":
                return
            fn = node.args[0].value
            confidence = None
        elif self.ctx.call_name(node) in PROCESS_TYPES:
            fn = next((a.value for a in node.args if a.keyword and a.keyword.value == "target"), None)
            confidence = Confidence.MEDIUM
        if fn is None:
            return
        if isinstance(fn, cst.Call) and dotted(fn.func) in ("partial", "functools.partial") and fn.args:
            fn = fn.args[0].value
        if isinstance(fn, cst.Lambda):
            what = "a lambda"
        elif isinstance(fn, cst.Name) and any(i.nested for i in module_index(self.ctx).functions.get(fn.value, ())) \
                and not any(not i.nested and i.cls is None for i in module_index(self.ctx).functions.get(fn.value, ())):
            what = f"the local function `{fn.value}`"
        else:
            return
        message = (f"{what} cannot be pickled, so sending it to a process pool fails at run time (PicklingError); "
                   "pass a module-level function instead")
        if confidence:
            self.report(fn, message, confidence=confidence)
        else:
            self.report(fn, message)
