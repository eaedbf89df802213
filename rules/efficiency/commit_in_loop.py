import libcst as cst

from codeaudit.knowledge.cst_tools import children, is_retry_loop, real_loops, walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity

#: Methods that write one row/object: the per-item work a per-item commit makes durable one at a time.
_ROW_WRITES = {"execute", "add", "merge", "delete", "insert_one", "update_one", "save"}
#: Batch writes: a commit after each of these is a commit per batch, which is the fix.
_BATCH_WRITES = {"executemany", "add_all", "bulk_save_objects", "bulk_insert_mappings", "bulk_update_mappings",
                 "insert_many", "copy_from", "copy_expert", "execute_values", "execute_batch"}


class CommitInLoop(PythonRule):
    """A database transaction committed after every row written in a loop.

    ## What it does
    Reports `conn.commit()` / `session.commit()` called on every iteration of a
    `for` loop whose body writes one row (`cur.execute(...)`, `session.add(obj)`,
    `session.merge(...)`) at the same loop level. A commit per batch (the writes
    sit in an inner loop or use `executemany`/`add_all`), a commit inside a
    per-item `try` (isolating failures on purpose) and loops that roll back are
    not reported.

    ## Why is this bad
    Each commit is a round trip plus a synchronous flush of the transaction log
    (fsync): loading n rows costs n transactions, typically 10-100x slower than
    one transaction, and a failure half-way leaves a partial load behind.

    ## Example
    ```python
    for row in reader:
        cur.execute(stmt, row)
        conn.commit()
    ```

    ## Use instead
    ```python
    cur.executemany(stmt, reader)
    conn.commit()
    ```
    """

    code = "EFF017"
    slug = "commit-in-loop"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b".commit()",)

    VALID = [
        "def f(conn, rows):\n    cur = conn.cursor()\n    for row in rows:\n        cur.execute('INSERT INTO t VALUES (?)', row)\n    conn.commit()\n",
        "def f(conn, batches):\n    for batch in batches:\n        for row in batch:\n            conn.execute('INSERT INTO t VALUES (?)', row)\n        conn.commit()\n",
        "def f(conn, batches):\n    for batch in batches:\n        conn.executemany('INSERT INTO t VALUES (?)', batch)\n        conn.commit()\n",
        "def f(session, users, log):\n    for u in users:\n        try:\n            session.add(u)\n            session.commit()\n        except Exception:\n            session.rollback()\n            log.exception('skip %s', u)\n",
        "def f(conn, jobs):\n    while True:\n        job = jobs.get()\n        conn.execute('UPDATE jobs SET done = 1 WHERE id = ?', (job,))\n        conn.commit()\n",
        "def f(repo, files):\n    for path in files:\n        repo.index.add([path])\n        repo.index.commit(f'add {path}')\n",
    ]
    INVALID = [
        "def load(conn, reader, stmt):\n    with conn.cursor() as cur:\n        for row in reader:\n            cur.execute(stmt, row)\n            conn.commit()  # expect: EFF017\n",
        "def f(session, records, User):\n    for rec in records:\n        session.add(User(**rec))\n        session.commit()  # expect: EFF017\n",
        "def f(db, prices):\n    for sku, price in prices.items():\n        if price is None:\n            continue\n        db.execute('UPDATE items SET price = ? WHERE sku = ?', (price, sku))\n        db.commit()  # expect: EFF017\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if node.args or not (isinstance(func, cst.Attribute) and func.attr.value == "commit"):
            return
        loops = real_loops(self.ctx)
        if not loops or not isinstance(loops[-1], cst.For) or is_retry_loop(loops[-1]):
            return
        loop = loops[-1]
        parents = self.ctx.parents
        at = next((i for i in range(len(parents) - 1, -1, -1) if parents[i] is loop), None)
        if at is None or any(isinstance(p, cst.Try) for p in parents[at:]):
            return  # per-item transaction inside try/except: failure isolation on purpose
        writes = _calls_at_level(loop.body)
        if "rollback" in writes or writes & _BATCH_WRITES or not writes & _ROW_WRITES:
            return
        self.report(
            node,
            "transaction committed once per row written in this loop: every commit is a round trip and a log "
            "flush; write the rows in one transaction (or `executemany`) and commit once after the loop",
        )


def _calls_at_level(body) -> set[str]:
    """Method names called in ``body``, not descending into nested loops or function definitions."""
    names: set[str] = set()
    stack = [body]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.For, cst.While, cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            continue
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            names.add(node.func.attr.value)
        stack.extend(children(node))
    return names
