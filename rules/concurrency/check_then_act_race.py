import libcst as cst

from codeaudit.concurrency.index import module_index, walk
from codeaudit.concurrency.shared import holds_lock, shared_target
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class CheckThenActRace(PythonRule):
    """`if key not in shared: shared[key] = ...` from concurrent threads without a lock.

    ## What it does
    Reports a membership test on a shared dict followed by an insert into the same
    dict, in a function that several threads run at once or in a method of a
    lock-owning class, when no lock is held.

    ## Why is this bad
    Two threads can both see the key missing and both compute and insert it: the
    expensive work runs twice, counters are reset, and one result silently
    overwrites the other.

    ## Example
    ```python
    def worker(url):
        if url not in seen:
            seen[url] = check(url)
    ```

    ## Use instead
    ```python
    def worker(url):
        with seen_lock:
            if url in seen:
                return
            seen[url] = None          # claim it under the lock
        result = check(url)
        with seen_lock:
            seen[url] = result
    ```
    """

    code = "CON011"
    slug = "check-then-act-race"
    category = Category.CONCURRENCY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    triggers = (b"Thread", b"Executor", b"threading")

    VALID = [
        "import threading\nseen = {}\nlock = threading.Lock()\ndef work(k):\n    with lock:\n"
        "        if k not in seen:\n            seen[k] = 1\nts = [threading.Thread(target=work, args=(i,)) for i in range(3)]\n",
        "import threading\ndef single(cache, k):\n    if k not in cache:\n        cache[k] = 1\n",
        "import threading\nclass M:\n    def __init__(self):\n        self._lock = threading.Lock()\n        self.d = {}\n"
        "    def get(self, k):\n        with self._lock:\n            if k not in self.d:\n                self.d[k] = 0\n"
        "            return self.d[k]\n",
    ]
    INVALID = [
        "import threading\nseen = {}\ndef work(k):\n    if k not in seen:  # expect: CON011\n        seen[k] = 1\n"
        "ts = [threading.Thread(target=work, args=(i,)) for i in range(3)]\n",
        "import threading\nclass C:\n    def __init__(self):\n        self._lock = threading.Lock()\n        self._d = {}\n"
        "    def get(self, k, make):\n        if k not in self._d:  # expect: CON011\n            self._d[k] = make(k)\n"
        "        return self._d[k]\n",
    ]

    def visit_If(self, node: cst.If) -> None:
        test = node.test
        if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1
                and isinstance(test.comparisons[0].operator, cst.NotIn)):
            return
        container = test.comparisons[0].comparator
        code = self.ctx.code_of(container)
        if not any(
            isinstance(n, cst.Assign) and any(
                isinstance(t.target, cst.Subscript) and self.ctx.code_of(t.target.value) == code for t in n.targets
            )
            for n in walk(node.body, stop=(cst.FunctionDef, cst.Lambda, cst.ClassDef))
        ):
            return
        why = shared_target(self.ctx, container, "thread", in_place=True)
        if why is None or holds_lock(self.ctx, module_index(self.ctx)):
            return
        self.report(node, f"check-then-act on `{code}` without a lock ({why}): two threads can both miss the key "
                          "and both insert it; do the test and the insert under one lock")
