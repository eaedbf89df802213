import libcst as cst

from codeaudit.knowledge.cst_tools import walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_SLEEPS = {"time.sleep", "asyncio.sleep", "sleep"}


class HandRolledRetry(PythonRule):
    """A retry loop written by hand: `for attempt in range(n)` + `try` + `sleep`.

    ## What it does
    Reports a `for ... in range(...)` loop whose body has a `try` that returns or
    breaks on success and sleeps between attempts.

    ## Why is this bad
    Hand-written retries repeat the same subtle decisions badly: which errors
    are retryable, jitter, a total deadline, what to raise when attempts run
    out (often the last error is lost, or `None` is returned). A retry library
    (tenacity, backoff, urllib3 `Retry` on a requests adapter) states the policy
    in one declaration.

    ## Example
    ```python
    for attempt in range(5):
        try:
            return client.post(path, json=payload, timeout=10).json()
        except requests.ConnectionError:
            time.sleep(2 ** attempt)
    ```

    ## Use instead
    ```python
    @tenacity.retry(stop=stop_after_attempt(5), wait=wait_exponential(), retry=retry_if_exception_type(requests.ConnectionError))
    def post(path, payload):
        return client.post(path, json=payload, timeout=10).json()
    ```
    """

    code = "ABS009"
    slug = "hand-rolled-retry"
    category = Category.ABSTRACTION
    severity = Severity.INFO
    confidence = Confidence.MEDIUM
    triggers = (b"sleep",)

    VALID = [
        "import time\ndef f(items):\n    for i in range(len(items)):\n        process(items[i])\n        time.sleep(1)\n",
    ]
    INVALID = [
        "import time\ndef f():\n    for attempt in range(5):  # expect: ABS009\n        try:\n            return g()\n        except OSError:\n            time.sleep(2 ** attempt)\n",
    ]

    def visit_For(self, node: cst.For) -> None:
        it = node.iter
        if not (isinstance(it, cst.Call) and isinstance(it.func, cst.Name) and it.func.value == "range"):
            return
        if len(it.args) != 1 or not isinstance(it.args[0].value, (cst.Integer, cst.Name, cst.Attribute)):
            return  # range(len(x)) etc. walks a collection
        tries = [n for n in walk(node.body) if isinstance(n, cst.Try)]
        if not tries:
            return
        exits = any(isinstance(n, (cst.Return, cst.Break)) for t in tries for n in walk(t.body))
        sleeps = any(isinstance(n, cst.Call) and self.ctx.call_name(n) in _SLEEPS for n in walk(node.body))
        if exits and sleeps:
            self.report(
                node,
                "hand-written retry loop (attempts, try, sleep): retryable errors, backoff and the final error are "
                "easy to get wrong; use a retry library (tenacity/backoff) or urllib3 Retry on the HTTP adapter",
            )
