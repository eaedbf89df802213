import libcst as cst

from codeaudit.concurrency.tables import PROCESS_POOLS, PROCESS_TYPES
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_STARTERS = PROCESS_POOLS | PROCESS_TYPES


def _is_main_guard(node) -> bool:
    return isinstance(node, cst.If) and "__name__" in _names(node.test) and "__main__" in _strings(node.test)


def _names(expr) -> set[str]:
    return {expr.value} if isinstance(expr, cst.Name) else (
        _names(expr.left) | {n for c in expr.comparisons for n in _names(c.comparator)} if isinstance(expr, cst.Comparison) else set())


def _strings(expr) -> str:
    if isinstance(expr, cst.SimpleString):
        return expr.value
    if isinstance(expr, cst.Comparison):
        return _strings(expr.left) + "".join(_strings(c.comparator) for c in expr.comparisons)
    return ""


class MpWithoutMainGuard(PythonRule):
    """A process pool or `Process` created at import time, outside `if __name__ == "__main__":`.

    ## What it does
    Reports `multiprocessing.Pool(...)`, `ProcessPoolExecutor(...)` and
    `multiprocessing.Process(...)` constructed at module level (not inside a
    function, class or `if __name__ == "__main__":` block).

    ## Why is this bad
    With the spawn start method (Windows, macOS, and Linux from Python 3.14)
    every child re-imports the main module; the import creates another pool, which
    spawns more children: a `RuntimeError` about bootstrapping or a fork bomb.
    Importing the module from tests or other code also starts processes as a side
    effect.

    ## Example
    ```python
    pool = mp.Pool(processes=os.cpu_count())

    def run():
        return pool.map(features, paths)
    ```

    ## Use instead
    ```python
    def run():
        with mp.Pool(processes=os.cpu_count()) as pool:
            return pool.map(features, paths)

    if __name__ == "__main__":
        run()
    ```
    """

    code = "CON019"
    slug = "mp-without-main-guard"
    category = Category.CONCURRENCY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    triggers = (b"Pool", b"Process")

    VALID = [
        "import multiprocessing as mp\ndef work(x):\n    return x\nif __name__ == '__main__':\n"
        "    with mp.Pool() as pool:\n        print(pool.map(work, range(3)))\n",
        "from concurrent.futures import ProcessPoolExecutor\ndef run(fn, xs):\n    with ProcessPoolExecutor() as ex:\n"
        "        return list(ex.map(fn, xs))\n",
    ]
    INVALID = [
        "import multiprocessing as mp\npool = mp.Pool(4)  # expect: CON019\n",
        "from concurrent.futures import ProcessPoolExecutor\nEXECUTOR = ProcessPoolExecutor()  # expect: CON019\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if self.ctx.call_name(node) not in _STARTERS:
            return
        if any(isinstance(p, (cst.FunctionDef, cst.Lambda, cst.ClassDef)) or _is_main_guard(p) for p in self.ctx.parents):
            return
        self.report(node, f"`{self.ctx.call_name(node)}` runs at import time without an `if __name__ == \"__main__\":` "
                          "guard: spawned children re-import this module and start pools recursively; create it "
                          "inside a function called from the main guard")
