import libcst as cst

from codeaudit.concurrency.index import dotted, module_index, walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_ORDERING = {"sorted", "min", "max", "id"}


def _lock_key(ctx, expr) -> str | None:
    if isinstance(expr, cst.Call):
        return None
    key = dotted(expr)
    if not key:
        return None
    if key in module_index(ctx).thread_locks or any(w in key.rsplit(".", 1)[-1].lower() for w in ("lock", "mutex")):
        return key
    return None


class LockOrderInversion(PythonRule):
    """Two locks taken in opposite orders, or a pair of per-object locks taken in argument order.

    ## What it does
    Reports nested `with` acquisitions of two locks when the module elsewhere
    takes the same two locks in the opposite order, and nested acquisition of
    the same lock attribute of two different objects (`with src.lock: with
    dst.lock:`) with no ordering (`sorted`, `min`/`max`, `id`) in the function.

    ## Why is this bad
    Thread 1 holds A and waits for B while thread 2 holds B and waits for A: a
    deadlock. With per-object locks, `transfer(a, b)` racing `transfer(b, a)` is
    exactly that.

    ## Example
    ```python
    def transfer(src, dst, amount):
        with src.lock:
            with dst.lock:
                ...
    ```

    ## Use instead
    ```python
    def transfer(src, dst, amount):
        first, second = sorted((src, dst), key=lambda a: a.id)
        with first.lock, second.lock:
            ...
    ```
    """

    code = "CON014"
    slug = "lock-order-inversion"
    category = Category.CONCURRENCY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    triggers = (b"lock", b"Lock")

    VALID = [
        "def transfer(src, dst):\n    first, second = sorted((src, dst), key=lambda a: a.id)\n"
        "    with first.lock:\n        with second.lock:\n            pass\n",
        "import threading\na = threading.Lock()\nb = threading.Lock()\ndef f():\n    with a:\n        with b:\n"
        "            pass\ndef g():\n    with a:\n        with b:\n            pass\n",
        "def f(self):\n    with self.lock:\n        with self.io_lock:\n            pass\n",
    ]
    INVALID = [
        "def transfer(src, dst):\n    with src.lock:  # expect: CON014\n        with dst.lock:\n            pass\n",
        "import threading\na = threading.Lock()\nb = threading.Lock()\ndef f():\n    with a:  # expect: CON014\n"
        "        with b:\n            pass\ndef g():\n    with b:  # expect: CON014\n        with a:\n            pass\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.pairs: dict[tuple[str, str], cst.With] = {}

    def visit_With(self, node: cst.With) -> None:
        keys = [k for k in (_lock_key(self.ctx, i.item) for i in node.items) if k]
        outer = [k for b in self.ctx.with_blocks for k in (_lock_key(self.ctx, i.item) for i in b.items) if k]
        chain = outer + keys
        if len(chain) < 2:
            return
        owner = next((b for b in self.ctx.with_blocks if any(_lock_key(self.ctx, i.item) for i in b.items)), node)
        first, second = chain[0], chain[-1]
        if first == second:
            return
        self.pairs.setdefault((first, second), owner)
        a, b = first.split("."), second.split(".")
        if len(a) == 2 and len(b) == 2 and a[1] == b[1] and a[0] != b[0] and a[0] not in ("self", "cls"):
            if not self._ordered():
                self.report(owner, f"`{first}` then `{second}`: the same lock of two objects taken in argument "
                                   "order; a concurrent call with the arguments swapped deadlocks; acquire them in a "
                                   "global order (e.g. sorted by id)")

    def _ordered(self) -> bool:
        func = self.ctx.function
        if func is None:
            return False
        return any(isinstance(n, cst.Call) and dotted(n.func) in _ORDERING for n in walk(func.body))

    def end_of_file(self) -> None:
        for (a, b), node in self.pairs.items():
            if (b, a) in self.pairs and a < b:
                self.report(node, f"`{a}` is taken before `{b}` here but after it elsewhere in this module: two "
                                  "threads can deadlock; always acquire the locks in one order")
                self.report(self.pairs[(b, a)], f"`{b}` is taken before `{a}` here but after it elsewhere in this "
                                                "module: two threads can deadlock; always acquire the locks in one order")
