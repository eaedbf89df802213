import libcst as cst

from codeaudit.knowledge.cst_tools import walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_SLEEPS = {"time.sleep", "asyncio.sleep", "sleep"}


class HandRolledRetry(PythonRule):
    """A retry loop written by hand: `for attempt in range(n)` + `try` + `sleep`.

    ## What it does
    Reports a `for ... in range(...)` loop whose body has a `try` that returns or
    breaks on success and sleeps between attempts, when the hand-written policy
    is defective or sprawling: it catches every exception, never backs off
    (a constant delay), gives up silently (no `raise` once attempts run out), or
    retries from several places (status checks plus exception handlers). A
    short loop that retries one exception type with a growing delay and raises
    at the end is left alone.

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
        "import time, requests\ndef f(url, failed):\n    for attempt in range(3):\n        try:\n            return requests.get(url, timeout=5)\n        except requests.RequestException:\n            time.sleep(2 ** attempt)\n    else:\n        failed.append(url)\n",
        "import time, requests\ndef f(url, stats):\n    for attempt in range(3):\n        try:\n            requests.post(url, timeout=5).raise_for_status()\n            break\n        except requests.RequestException:\n            time.sleep(2 ** attempt)\n    else:\n        stats['failed'] += 1\n",
        "import time\ndef f(items):\n    for i in range(len(items)):\n        process(items[i])\n        time.sleep(1)\n",
        "import time\ndef f():\n    for attempt in range(5):\n        try:\n            return g()\n        except OSError:\n            time.sleep(2 ** attempt)\n    raise RuntimeError('gave up')\n",
    ]
    INVALID = [
        "import time, requests\ndef f(url):\n    for attempt in range(3):  # expect: ABS009\n        try:\n            return requests.get(url, timeout=5)\n        except requests.RequestException:\n            time.sleep(2 ** attempt)\n    else:\n        pass\n",
        "import time\ndef f():\n    for attempt in range(5):  # expect: ABS009\n        try:\n            return g()\n        except OSError:\n            time.sleep(2 ** attempt)\n",
        "import time\ndef f():\n    for attempt in range(5):  # expect: ABS009\n        try:\n            return g()\n        except Exception:\n            time.sleep(2 ** attempt)\n    raise RuntimeError('gave up')\n",
        "import time\ndef f():\n    for attempt in range(5):  # expect: ABS009\n        try:\n            return g()\n        except OSError:\n            time.sleep(1)\n    raise RuntimeError('gave up')\n",
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
        sleeps = [n for n in walk(node.body) if isinstance(n, cst.Call) and self.ctx.call_name(n) in _SLEEPS]
        if not (exits and sleeps):
            return
        problem = self._defect(node, tries, sleeps)
        if problem:
            self.report(
                node,
                f"hand-written retry loop that {problem}; state the policy once with a retry library "
                "(tenacity/backoff) or urllib3 Retry on the HTTP adapter",
            )

    def _defect(self, node: cst.For, tries, sleeps) -> str | None:
        handlers = [h for t in tries for h in t.handlers]
        if any(h.type is None or _broad(h.type) for h in handlers):
            return "retries on every exception (bugs and KeyboardInterrupt-like errors included)"
        counter = node.target.value if isinstance(node.target, cst.Name) else None
        if not any(counter and counter in _names(s.args[0].value) for s in sleeps if s.args):
            return "waits a constant delay (no backoff between attempts)"
        if len(sleeps) > 1:
            return "retries from several places (status checks and exception handlers)"
        if not _raises_after(self.ctx.parents, node) and not _handles_exhaustion(node) and not any(
            isinstance(n, cst.Raise) for h in handlers for n in walk(h.body)
        ):
            return "gives up silently when the attempts run out (the last error is lost)"
        return None


_BROAD = {"Exception", "BaseException"}


def _broad(expr) -> bool:
    if isinstance(expr, cst.Tuple):
        return any(_broad(e.value) for e in expr.elements)
    return isinstance(expr, cst.Name) and expr.value in _BROAD


def _names(expr) -> set:
    return {n.value for n in walk(expr) if isinstance(n, cst.Name)}


def _handles_exhaustion(node: cst.For) -> bool:
    """The loop's `else:` (run only when every attempt failed) does something: records, reports or returns."""
    orelse = node.orelse
    if orelse is None:
        return False
    return any(not isinstance(n, (cst.Pass, cst.Expr)) or (isinstance(n, cst.Expr) and isinstance(n.value, cst.Call))
               for n in walk(orelse.body) if isinstance(n, cst.BaseSmallStatement))


def _raises_after(parents, node) -> bool:
    """The statement right after the loop raises (or the loop's `else` does)."""
    if node.orelse is not None and any(isinstance(n, cst.Raise) for n in walk(node.orelse)):
        return True
    for parent in reversed(parents):
        body = getattr(parent, "body", None)
        if isinstance(body, (list, tuple)) and any(stmt is node for stmt in body):
            index = next(i for i, stmt in enumerate(body) if stmt is node)
            following = body[index + 1:]
            return bool(following) and any(isinstance(n, cst.Raise) for n in walk(following[0]))
    return False
