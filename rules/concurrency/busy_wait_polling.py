import libcst as cst

from codeaudit.concurrency.index import walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_SLEEPS = {"time.sleep", "asyncio.sleep"}


class BusyWaitPolling(PythonRule):
    """A `while flag: sleep()` loop polling shared state instead of an Event or Condition.

    ## What it does
    Reports `while` loops whose condition only reads state (attributes or
    names, no calls) and whose body does nothing but sleep (or `pass` when the
    flag is an attribute or a module global): the loop waits for another thread
    or task to change a flag.

    ## Why is this bad
    Polling wastes CPU with short sleeps and adds latency with long ones, and a
    plain attribute read gives no memory-ordering guarantee of the other side's
    writes. `threading.Event` / `Condition` (or `asyncio.Event`) wake the waiter
    exactly when the state changes and support timeouts.

    ## Example
    ```python
    def wait_idle(self):
        while self.current_job is not None:
            time.sleep(0.01)
    ```

    ## Use instead
    ```python
    def wait_idle(self, timeout=None):
        return self._idle.wait(timeout)   # a threading.Event set by the worker
    ```
    """

    code = "CON015"
    slug = "busy-wait-polling"
    category = Category.CONCURRENCY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    triggers = (b"while",)

    VALID = [
        "import time\ndef main():\n    while True:\n        time.sleep(5)\n",
        "import time\ndef f(bucket):\n    while not bucket.try_acquire():\n        time.sleep(0.01)\n",
        "import time\ndef f(self):\n    while self.running:\n        self.tick()\n        time.sleep(1)\n",
        "import threading\ndef f(done: threading.Event):\n    done.wait()\n",
    ]
    INVALID = [
        "import time\ndef f(self):\n    while self.current_job is not None:  # expect: CON015\n        time.sleep(0.01)\n",
        "def f(self):\n    while not self.done:  # expect: CON015\n        pass\n",
        "import asyncio\nasync def f(state):\n    while not state.ready:  # expect: CON015\n        await asyncio.sleep(0.1)\n",
    ]

    def _shared_test(self, test) -> bool:
        """A spin without sleep only counts when the flag is an attribute or a module global."""
        return any(isinstance(n, cst.Attribute) or (isinstance(n, cst.Name) and n.value in self.ctx.module_names)
                   for n in walk(test))

    def visit_While(self, node: cst.While) -> None:
        test = node.test
        if isinstance(test, cst.Name) and test.value in ("True", "False"):
            return
        if any(isinstance(n, (cst.Call, cst.Await, cst.NamedExpr)) for n in walk(test)):
            return
        if not any(isinstance(n, (cst.Attribute, cst.Name)) for n in walk(test)):
            return
        body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
        statements = [s for line in body if isinstance(line, cst.SimpleStatementLine) for s in line.body]
        if len(statements) != len(body):
            return  # compound statements: the loop does real work
        sleeps = 0
        for small in statements:
            if isinstance(small, (cst.Pass, cst.Continue)):
                continue
            value = small.value if isinstance(small, cst.Expr) else None
            if isinstance(value, cst.Await):
                value = value.expression
            if isinstance(value, cst.Call) and self.ctx.call_name(value) in _SLEEPS:
                sleeps += 1
                continue
            return
        if not sleeps and statements and not self._shared_test(test):
            return
        if statements:
            self.report(node, f"busy-wait on `{self.ctx.code_of(test)}`: polling with sleep wastes CPU and adds "
                              "latency; wait on a `threading.Event`/`Condition` (or `asyncio.Event`) set by the "
                              "other side")
