import libcst as cst

from codeaudit.concurrency.index import module_index, walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_LOCK_WORDS = ("lock", "mutex", "sem", "cond")


def _acquired(stmt) -> str | None:
    """The receiver code of a bare `x.acquire()` statement."""
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr)):
        return None
    call = stmt.body[0].value
    if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value == "acquire":
        return call.func.value
    return None


def _is_release(stmt, receiver_code: str, code_of) -> bool:
    """A `x.release()` statement (possibly nested in an if/else) in this block."""
    return any(
        isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value == "release"
        and code_of(n.func.value) == receiver_code
        for n in walk(stmt, stop=(cst.FunctionDef, cst.Lambda, cst.Try))
    )


def _releases_in_finally(node, receiver_code: str, code_of) -> bool:
    if not isinstance(node, cst.Try) or node.finalbody is None:
        return False
    return any(
        isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value == "release"
        and code_of(n.func.value) == receiver_code
        for n in walk(node.finalbody)
    )


def _leaky_returns(stmts, receiver_code: str, code_of) -> list:
    """`return` statements reached after the acquire and before any release on their path."""
    found: list = []
    for stmt in stmts:
        if isinstance(stmt, cst.SimpleStatementLine):
            if _is_release(stmt, receiver_code, code_of):
                return found
            found.extend(s for s in stmt.body if isinstance(s, cst.Return))
            continue
        if not isinstance(stmt, (cst.If, cst.For, cst.While, cst.With)):
            continue
        blocks = [stmt.body]
        orelse = getattr(stmt, "orelse", None)
        while orelse is not None:
            blocks.append(orelse.body)
            orelse = orelse.orelse if isinstance(orelse, cst.If) else None
        for block in blocks:
            if isinstance(block, cst.IndentedBlock):
                found.extend(_leaky_returns(block.body, receiver_code, code_of))
    return found


class AcquireWithoutFinally(PythonRule):
    """`lock.acquire()` not paired with a `try/finally` release (or a `with` block).

    ## What it does
    Reports a bare `x.acquire()` statement on a lock-like object (lock, mutex,
    semaphore, condition) that the same block later releases, when the next
    statement is not a `try:` whose `finally` releases it and the acquire is not
    itself inside such a `try`. Locks held past the block on purpose (lock
    wrappers, `__enter__`) are not reported.

    ## Why is this bad
    Any exception between `acquire()` and `release()` leaves the lock held for
    ever; every other thread that needs it blocks: a deadlock triggered by a
    validation error.

    ## Example
    ```python
    acct.lock.acquire()
    if amount <= 0:
        raise ValueError("amount must be positive")
    acct.balance += amount
    acct.lock.release()
    ```

    ## Use instead
    ```python
    with acct.lock:
        if amount <= 0:
            raise ValueError("amount must be positive")
        acct.balance += amount
    ```
    """

    code = "CON012"
    slug = "acquire-without-finally"
    category = Category.CONCURRENCY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    triggers = (b".acquire(",)

    VALID = [
        "def f(lock, work):\n    lock.acquire()\n    try:\n        work()\n    finally:\n        lock.release()\n",
        "def f(lock, work):\n    with lock:\n        work()\n",
        "def f(lock, work):\n    try:\n        lock.acquire()\n        work()\n    finally:\n        lock.release()\n",
        "def f(lock):\n    if lock.acquire(blocking=False):\n        lock.release()\n",
        "def f(bucket):\n    bucket.acquire()\n",
        "class Guard:\n    def __enter__(self):\n        self._lock.acquire()\n        return self\n",
        "def wait_all(locks):\n    for lock in locks:\n        lock.acquire()\n        lock.release()\n",
        "async def f(lock, work):\n    await lock.acquire()\n    try:\n        await work()\n    finally:\n        lock.release()\n",
    ]
    VALID += [
        "def take(self, n):\n    self._lock.acquire()\n    if self.tokens < n:\n        self._lock.release()\n"
        "        return False\n    try:\n        self.tokens -= n\n    finally:\n        self._lock.release()\n    return True\n",
        "def take(self, n):\n    self._lock.acquire()\n    try:\n        if self.tokens < n:\n            return False\n"
        "        self.tokens -= n\n    finally:\n        self._lock.release()\n    return True\n",
    ]
    INVALID = [
        "def f(acct, n):\n    acct.lock.acquire()  # expect: CON012\n    acct.balance += n\n    acct.lock.release()\n",
        "import threading\n_mutex = threading.Lock()\ndef f(work):\n    _mutex.acquire()  # expect: CON012\n    work()\n"
        "    _mutex.release()\n",
        # an early return skips the release: reported on the return, the line to fix
        "def take(self, n):\n    self._lock.acquire()\n    if self.tokens < n:\n        return False  # expect: CON012\n"
        "    self.tokens -= n\n    self._lock.release()\n    return True\n",
        "def pop(self, key):\n    self.mutex.acquire()\n    for k, v in self.items:\n        if k == key:\n"
        "            return v  # expect: CON012\n    self.mutex.release()\n    return None\n",
        "def get(self, k):\n    self._lock.acquire()\n    if k is None:\n        pass\n    elif k not in self.d:\n"
        "        return None  # expect: CON012\n    v = self.d[k]\n    self._lock.release()\n    return v\n",
    ]

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._scan(node.body)

    def visit_Module(self, node: cst.Module) -> None:
        self._scan(node.body)

    def _scan(self, body) -> None:
        for i, stmt in enumerate(body):
            receiver = _acquired(stmt)
            if receiver is None:
                continue
            text = self.ctx.code_of(receiver)
            index = module_index(self.ctx)
            if not (any(w in text.lower() for w in _LOCK_WORDS) or text in index.sync_locks or text in index.thread_locks):
                continue
            following = body[i + 1] if i + 1 < len(body) else None
            if following is not None and _releases_in_finally(following, text, self.ctx.code_of):
                continue
            if following is None or _is_release(following, text, self.ctx.code_of):
                continue  # `acquire(); release()`: nothing in between can raise
            if not any(_is_release(later, text, self.ctx.code_of) for later in body[i + 2:]):
                continue  # held past this block on purpose (a lock wrapper, __enter__, a hand-off)
            if any(_releases_in_finally(t, text, self.ctx.code_of) for t in self._enclosing_tries()):
                continue
            early = _leaky_returns(body[i + 1:], text, self.ctx.code_of)
            if early:
                for ret in early:
                    self.report(ret, f"returns while still holding `{text}`: this path skips `{text}.release()`, so "
                                     f"the next caller blocks for ever; release before returning, or use `with {text}:`")
                continue
            self.report(stmt, f"`{text}.acquire()` without `try/finally`: an exception before `release()` leaves the "
                              f"lock held and deadlocks every other user; use `with {text}:`")

    def _enclosing_tries(self):
        # IndentedBlock being visited is not yet on the parents stack; its parents are.
        return [p for p in self.ctx.parents if isinstance(p, cst.Try)]
