import libcst as cst

from codeaudit.concurrency.index import in_test, walk
from codeaudit.concurrency.shared import declared_shared
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_LOCK_WORDS = ("lock", "mutex", "sem", "guard", "cond")
_NESTED = (cst.FunctionDef, cst.Lambda, cst.ClassDef)


def _contains(node, kind) -> bool:
    return any(isinstance(n, kind) for n in walk(node, stop=_NESTED))


class StaleReadAcrossAwait(PythonRule):
    """Shared state read before an `await` and written back from the stale copy after it.

    ## What it does
    In an `async def`, reports a write to instance state (`self.x`,
    `self.counts[k]`) or a `global` that is computed from a value read from the
    same state before an `await`: `n = self.active.get(k, 0)` ... `await ...` ...
    `self.active[k] = n + 1`, and the one-line forms `self.total += await f()`
    and `self.total = self.total + await f()`. Writes inside `async with <lock>:`
    stay silent.

    ## Why is this bad
    Every `await` lets other tasks run. They read the same old value, and the last
    writer wins: counters lose increments, concurrency limits are exceeded, and
    balances drift. The event loop is single-threaded, but a read-modify-write
    that spans an `await` is not atomic.

    ## Example
    ```python
    async def get(self, client_id, path):
        active = self.active.get(client_id, 0)
        await self.audit(client_id, path)
        self.active[client_id] = active + 1
    ```

    ## Use instead
    ```python
    async def get(self, client_id, path):
        await self.audit(client_id, path)
        self.active[client_id] = self.active.get(client_id, 0) + 1   # read and write with no await between
        # or hold an asyncio.Lock around the whole read-await-write
    ```
    """

    code = "CON027"
    slug = "stale-read-across-await"
    category = Category.CONCURRENCY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    triggers = (b"await",)

    VALID = [
        "class G:\n    async def get(self, k):\n        await self.audit(k)\n"
        "        self.active[k] = self.active.get(k, 0) + 1\n",
        "import asyncio\nclass G:\n    async def get(self, k):\n        async with self._lock:\n"
        "            n = self.active.get(k, 0)\n            await self.audit(k)\n            self.active[k] = n + 1\n",
        "class G:\n    async def get(self, k):\n        n = self.active.get(k, 0)\n        await self.audit(k)\n"
        "        n = self.active.get(k, 0)\n        self.active[k] = n + 1\n",
        "class G:\n    async def refresh(self):\n        old = self.token\n        self.token = await self.fetch(old)\n",
        "class G:\n    async def load(self, k):\n        self.total = (await self.size(k)) + self.total\n",
        "class G:\n    async def step(self, k):\n        n = self.seen.get(k, 0)\n        self.seen[k] = n + 1\n"
        "        await self.flush()\n",
        "class G:\n    async def step(self, k):\n        n = self.count\n        if n > 5:\n            await self.alert(k)\n"
        "            return\n        self.count = n + 1\n",
        "class G:\n    async def step(self, k):\n        n = self.active_total\n        await self.alert(k)\n"
        "        self.active = n\n",
    ]
    INVALID = [
        "class G:\n    async def get(self, k, path):\n        active = self.active.get(k, 0)\n        await self.audit(k, path)\n"
        "        self.active[k] = active + 1  # expect: CON027\n",
        "class Wallet:\n    async def pay(self, amount):\n        balance = self.balance\n"
        "        await self.ledger.record(amount)\n        self.balance = balance - amount  # expect: CON027\n",
        "class Stats:\n    async def add(self, url):\n        self.bytes += await self.fetch_size(url)  # expect: CON027\n",
        "served = 0\nasync def handle(req, respond):\n    global served\n    n = served\n    await respond(req)\n"
        "    served = n + 1  # expect: CON027\n",
    ]

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if not self.ctx.in_async_function or not self._shared(node.target):
            return
        if _contains(node.value, cst.Await) and self._applies():
            self._report(node, self.ctx.code_of(node.target), "its old value is read before the `await` in the same "
                                                             "statement")

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) != 1 or not self.ctx.in_async_function or not self._shared(node.targets[0].target):
            return
        if not self._applies():
            return
        target = node.targets[0].target
        state = self.ctx.code_of(target.value if isinstance(target, cst.Subscript) else target)
        value = node.value
        if (isinstance(value, cst.BinaryOperation) and state in self.ctx.code_of(value.left)
                and _contains(value.right, cst.Await)):
            self._report(node, self.ctx.code_of(target), "its old value is read before the `await` in the same "
                                                         "statement")
            return
        stale = self._stale_local(node, state)
        if stale:
            self._report(node, self.ctx.code_of(target), f"`{stale}` was read from `{state}` before an `await`")

    def _applies(self) -> bool:
        if not self.ctx.in_async_function or in_test(self.ctx):
            return False
        for block in self.ctx.with_blocks:
            for item in block.items:
                code = self.ctx.code_of(item.item).lower()
                if any(word in code for word in _LOCK_WORDS):
                    return False
        return True

    def _shared(self, target) -> bool:
        base = target.value if isinstance(target, cst.Subscript) else target
        if isinstance(base, cst.Attribute):
            return isinstance(base.value, cst.Name) and base.value.value == "self"
        func = self.ctx.function
        return (isinstance(base, cst.Name) and isinstance(func, cst.FunctionDef)
                and base.value in declared_shared(func))

    def _stale_local(self, write: cst.Assign, state: str) -> str | None:
        """A local in the written value, last bound from `state` before an await that precedes this write."""
        used = {n.value for n in walk(write.value, stop=_NESTED) if isinstance(n, cst.Name)}
        if not used:
            return None
        func = self.ctx.function
        cache = self.__dict__.setdefault("_orders", {})
        if id(func) not in cache:
            order = list(walk(func.body, stop=_NESTED))
            cache[id(func)] = (order, {id(n): i for i, n in enumerate(order)})
        order, position = cache[id(func)]
        here = position.get(id(write))
        if here is None:
            return None
        for var in sorted(used):
            reads = [n for n in order[:here] if isinstance(n, cst.Assign) and len(n.targets) == 1
                     and isinstance(n.targets[0].target, cst.Name) and n.targets[0].target.value == var]
            if not reads:
                continue
            read = reads[-1]
            if _contains(read.value, cst.Await) or not any(
                isinstance(n, (cst.Attribute, cst.Name)) and self.ctx.code_of(n) == state
                for n in walk(read.value, stop=_NESTED)
            ):
                continue
            inside = {id(n) for n in walk(read)}
            awaits = [n for n in order[position[id(read)]:here] if isinstance(n, cst.Await) and id(n) not in inside]
            if awaits and not all(self._in_exit_branch(func, a, write) for a in awaits):
                return var
        return None

    @staticmethod
    def _in_exit_branch(func, await_node, write) -> bool:
        """The await sits in a block that returns/raises/continues before the write is reached."""
        for block in walk(func.body, stop=_NESTED):
            if not isinstance(block, cst.IndentedBlock) or not block.body:
                continue
            last = block.body[-1]
            if not (isinstance(last, cst.SimpleStatementLine) and isinstance(
                    last.body[-1], (cst.Return, cst.Raise, cst.Continue, cst.Break))):
                continue
            ids = {id(n) for n in walk(block)}
            if id(await_node) in ids and id(write) not in ids:
                return True
        return False

    def _report(self, node, target: str, why: str) -> None:
        self.report(node, f"`{target}` is written from a stale read: {why}, and other tasks can change it while this "
                          "one waits, so their updates are lost; re-read it after the `await` (no await between read "
                          "and write) or hold an `asyncio.Lock` around the read-await-write")
