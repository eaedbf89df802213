import libcst as cst

from codeaudit.concurrency.index import dotted, module_index
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
    coroutines (single-threaded event loop) stay silent. Also reports
    `counter.value += 1` on a module-level `multiprocessing.Value`/`RawValue` in
    a function run by worker threads or processes, outside `with
    counter.get_lock():` (the shared value is synchronised per access, not per
    read-modify-write).

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
    triggers = (b"Thread", b"Executor", b"threading", b"multiprocessing")  # mp.Value: only via multiprocessing

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
        # each worker builds its own dict; nothing is shared
        "from concurrent.futures import ThreadPoolExecutor\ndef run(items):\n    def job(x):\n        acc = {}\n"
        "        acc['n'] = acc.get('n', 0) + 1\n        return acc\n    with ThreadPoolExecutor() as ex:\n"
        "        return list(ex.map(job, items))\n",
        # read-modify-write after acquire() and before release()
        "import threading\nfrom concurrent.futures import ThreadPoolExecutor\nhits = {}\nlk = threading.Lock()\n"
        "def visit(u):\n    lk.acquire()\n    try:\n        hits[u] = hits.get(u, 0) + 1\n    finally:\n"
        "        lk.release()\ndef run(us):\n    with ThreadPoolExecutor() as ex:\n        ex.map(visit, us)\n",
    ]
    VALID += [
        "import multiprocessing as mp\ndone = mp.Value('i', 0)\ndef work(p):\n    with done.get_lock():\n"
        "        done.value += 1\ndef run(ps):\n    with mp.Pool() as pool:\n        pool.map(work, ps)\n",
        "import multiprocessing as mp\ndone = mp.Value('i', 0)\ndef report(n):\n    done.value += n\n",
        "import multiprocessing as mp\nclass Cfg:\n    value = 0\ncfg = Cfg()\ndef work(p):\n    cfg.value += 1\n"
        "def run(ps):\n    with mp.Pool() as pool:\n        pool.map(work, ps)\n",
    ]
    INVALID = [
        "import multiprocessing as mp\ndone = mp.Value('i', 0)\ndef work(p):\n    done.value += 1  # expect: CON010\n"
        "def run(ps):\n    with mp.Pool() as pool:\n        pool.map(work, ps)\n",
        "from multiprocessing import Process, Value\nbytes_seen = Value('q', 0)\ndef scan(path):\n"
        "    bytes_seen.value = bytes_seen.value + len(path)  # expect: CON010\n"
        "def main(paths):\n    ps = [Process(target=scan, args=(p,)) for p in paths]\n",
        "import threading\nchecked = 0\ndef work():\n    global checked\n    checked += 1  # expect: CON010\n"
        "ts = [threading.Thread(target=work) for _ in range(4)]\n",
        "import threading\nclass Bucket:\n    def __init__(self):\n        self.lock = threading.Lock()\n"
        "        self.tokens = 10\n    def take(self):\n        if self.tokens:\n"
        "            self.tokens -= 1  # expect: CON010\n",
        "from concurrent.futures import ThreadPoolExecutor\nfrom collections import Counter\nhits = Counter()\n"
        "def visit(url):\n    hits[url] += 1  # expect: CON010\n"
        "def run(urls):\n    with ThreadPoolExecutor() as pool:\n        list(pool.map(visit, urls))\n",
        # a closure variable of the function that starts the pool is shared by every worker
        "from concurrent.futures import ThreadPoolExecutor\ndef check_all(hosts):\n    tally = {'up': 0}\n"
        "    def probe(h):\n        if ping(h):\n            tally['up'] += 1  # expect: CON010\n"
        "    with ThreadPoolExecutor(8) as ex:\n        list(ex.map(probe, hosts))\n    return tally\n",
        # dict read-modify-write via .get(), done before the lock is taken
        "import threading\nfrom concurrent.futures import ThreadPoolExecutor\nseen = {}\nbytes_total = 0\n"
        "mu = threading.Lock()\ndef load(key):\n    global bytes_total\n    data = read(key)\n"
        "    seen[key] = seen.get(key, 0) + 1  # expect: CON010\n    mu.acquire()\n    try:\n"
        "        bytes_total += len(data)\n    finally:\n        mu.release()\n"
        "def run(keys):\n    with ThreadPoolExecutor() as ex:\n        ex.map(load, keys)\n",
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

    def visit_Assign(self, node: cst.Assign) -> None:
        # `d[k] = d.get(k, 0) + 1` / `d[k] = d[k] + 1`: the counter idiom spelled as an assignment. Attribute
        # rewrites (`self.x = f(self.x, ...)`) stay AugAssign-only: they are often one step of a larger
        # critical section whose race is reported where the state is consumed.
        if len(node.targets) != 1:
            return
        target = node.targets[0].target
        if (isinstance(target, cst.Attribute) and target.attr.value == "value"
                and self.ctx.code_of(target) in self.ctx.code_of(node.value) and self._shared_value(target)):
            return
        if not isinstance(target, cst.Subscript):
            return
        code = self.ctx.code_of(target)
        container = self.ctx.code_of(target.value)
        value = self.ctx.code_of(node.value)
        if code not in value and f"{container}.get(" not in value:
            return
        why = shared_target(self.ctx, target, "thread")
        if why is None or holds_lock(self.ctx, module_index(self.ctx)):
            return
        self.report(node, f"`{code} = ...` reads and rewrites shared state from concurrent threads ({why}); "
                          "two workers can read the same old value and one update is lost — guard it with a "
                          "lock (`with lock:`) or use a thread-safe counter")

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if self._shared_value(node.target):
            return
        why = shared_target(self.ctx, node.target, "thread")
        if why is None or holds_lock(self.ctx, module_index(self.ctx)):
            return
        target = self.ctx.code_of(node.target)
        self.report(node, f"`{target} {self.ctx.code_of(node.operator).strip()} ...` is an unsynchronised "
                          f"read-modify-write from concurrent threads ({why}); updates get lost — guard it "
                          "with a lock (`with lock:`)")

    def _shared_value(self, target) -> bool:
        """`counter.value += n` on a module-level multiprocessing Value in a worker, outside `get_lock()`:
        reported here; True when reported."""
        if not (isinstance(target, cst.Attribute) and target.attr.value == "value" and isinstance(target.value, cst.Name)):
            return False
        name = target.value.value
        index = module_index(self.ctx)
        made_by = index.module_assign_calls.get(name, "")
        if made_by.rsplit(".", 1)[-1] not in ("Value", "RawValue") or name not in self.ctx.module_names:
            return False
        func = self.ctx.function
        if func is None or id(func) not in index.workers:
            return False
        lock_key = f"{name}.get_lock"
        for block in self.ctx.with_blocks:
            if any(isinstance(i.item, cst.Call) and dotted(i.item.func) == lock_key for i in block.items):
                return False
        if holds_lock(self.ctx, index):
            return False
        self.report(target, f"`{name}.value` is read, changed and written back by concurrent workers without "
                            f"`{name}.get_lock()`: a multiprocessing Value locks each access, not the update, so "
                            f"increments get lost; wrap it in `with {name}.get_lock():`")
        return True
