import libcst as cst

from codeaudit.concurrency.index import module_index
from codeaudit.concurrency.shared import holds_lock, shared_target
from codeaudit.rule import Category, Confidence, Known, PythonRule, Severity


class UnsynchronisedSharedState(PythonRule):
    """Read-modify-write of shared state from threads without a lock.

    ## What it does
    Reports `x += 1`-style updates of module globals, `global`/`nonlocal` names
    and instance attributes made by functions that several threads run at once
    (thread targets created in a loop, `executor.submit`/`map` tasks, and the
    same-module functions they call), and updates of `self.` attributes in
    classes that own a `threading.Lock` but do the update outside `with lock:`.
    Updates under `with <lock>:`, `threading.local()` state, constructors and
    coroutines (single-threaded event loop) stay silent.

    ## Why is this bad
    `counter += 1` is a load, an add and a store; two threads interleave between
    them and updates are lost. Counters drift, token buckets hand out more tokens
    than they hold, and the bug only shows under load.

    ## Example
    ```python
    def worker(urls):
        global checked
        for url in urls:
            check(url)
            checked += 1
    ```

    ## Use instead
    ```python
    checked_lock = threading.Lock()

    def worker(urls):
        global checked
        for url in urls:
            check(url)
            with checked_lock:
                checked += 1
    ```
    """

    code = "CON010"
    slug = "unsynchronised-shared-state"
    category = Category.CONCURRENCY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    triggers = (b"Thread", b"Executor", b"threading")

    VALID = [
        "import threading\ncount = 0\nlock = threading.Lock()\ndef work():\n    global count\n    with lock:\n"
        "        count += 1\nts = [threading.Thread(target=work) for _ in range(4)]\n",
        "import threading\n_local = threading.local()\ndef work():\n    _local.n = getattr(_local, 'n', 0)\n"
        "    _local.n += 1\nts = [threading.Thread(target=work) for _ in range(4)]\n",
        "import threading\nclass Poller:\n    def __init__(self):\n        self.processed = 0\n"
        "    def _run(self):\n        self.processed += 1\n    def start(self):\n"
        "        threading.Thread(target=self._run, daemon=True).start()\n",
        "import threading\nclass M:\n    def __init__(self):\n        self._lock = threading.Lock()\n        self.n = 0\n"
        "    def record(self):\n        with self._lock:\n            self.n += 1\n",
        "import asyncio\nclass Bus:\n    def __init__(self):\n        self._lock = asyncio.Lock()\n        self.n = 0\n"
        "    async def deliver(self):\n        self.n += 1\n",
        "import threading\ndef helper_only_called_from_threads(stats):\n    stats['n'] += 1\n",
    ]
    INVALID = [
        "import threading\nchecked = 0\ndef work():\n    global checked\n    checked += 1  # expect: CON010\n"
        "ts = [threading.Thread(target=work) for _ in range(4)]\n",
        "import threading\nclass Bucket:\n    def __init__(self):\n        self.lock = threading.Lock()\n"
        "        self.tokens = 10\n    def take(self):\n        if self.tokens:\n"
        "            self.tokens -= 1  # expect: CON010\n",
        "from concurrent.futures import ThreadPoolExecutor\nfrom collections import Counter\nhits = Counter()\n"
        "def visit(url):\n    hits[url] += 1  # expect: CON010\n"
        "def run(urls):\n    with ThreadPoolExecutor() as pool:\n        list(pool.map(visit, urls))\n",
    ]

    KNOWN = [
        Known(
            "import threading\nfrom worker import run\ntotal = 0\ndef add(n):\n    global total\n"
            "    total += n  # expect: CON010\ndef start():\n    for i in range(4):\n"
            "        threading.Thread(target=run, args=(add, i)).start()\n",
            "functions handed to workers indirectly (as an argument of the target, or from another module) are not "
            "known to run on threads",
        ),
    ]

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        why = shared_target(self.ctx, node.target, "thread")
        if why is None or holds_lock(self.ctx, module_index(self.ctx)):
            return
        target = self.ctx.code_of(node.target)
        self.report(node, f"`{target} {self.ctx.code_of(node.operator).strip()} ...` is an unsynchronised "
                          f"read-modify-write from concurrent threads ({why}); updates get lost — guard it "
                          "with a lock (`with lock:`)")
