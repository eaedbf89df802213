import libcst as cst

from codeaudit.concurrency.index import dotted, in_test, module_index, resolve, walk
from codeaudit.concurrency.tables import (DURABLE_WRITE_CALLS, DURABLE_WRITE_METHODS, SQL_WRITE_VERBS,
                                          THREAD_TYPES)
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_NESTED = (cst.FunctionDef, cst.Lambda, cst.ClassDef)
_WRITE_MODES = ("w", "a", "x", "+")


def _daemon_kw(call: cst.Call) -> bool:
    return any(a.keyword and a.keyword.value == "daemon" and isinstance(a.value, cst.Name) and a.value.value == "True"
               for a in call.args)


def _target(call: cst.Call) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword and arg.keyword.value == "target":
            return arg.value
    return None


class DaemonThreadLostWrites(PythonRule):
    """A daemon thread writes files or a database and nobody waits for it at exit.

    ## What it does
    Reports `threading.Thread(target=f, daemon=True)` (or `t.daemon = True`) when
    the target `f` (a function or method of this module, or one it calls) writes
    durable state: a file opened for writing, `.write()`, `json.dump`,
    `os.replace`, a database `commit()`/`executemany()`/`INSERT ... execute`,
    `insert_one`, `put_object`, ... and the thread is never joined in the module
    (no `t.join()` / `self._t.join()`), there is no `atexit.register` hook, and the
    target is not a queue worker drained by `queue.join()`. Daemon threads that only
    read, poll, log or serve are not reported; nor are tests.

    ## Why is this bad
    At interpreter exit daemon threads are killed wherever they are: in the middle
    of a file write (truncated JSON, half a CSV line), between `execute` and
    `commit`, or with a buffer of pending events never flushed. Nothing reports
    the loss; the data is simply missing after a normal shutdown.

    ## Example
    ```python
    class AuditLog:
        def __init__(self, path):
            self._pending = queue.Queue()
            threading.Thread(target=self._flush_forever, args=(path,), daemon=True).start()

        def _flush_forever(self, path):
            while True:
                entry = self._pending.get()
                with open(path, "a") as fh:
                    fh.write(json.dumps(entry) + "\\n")
    ```

    ## Use instead
    ```python
    self._stop = threading.Event()
    self._writer = threading.Thread(target=self._flush_until_stopped, args=(path,))
    self._writer.start()
    atexit.register(self.close)        # close(): set the event, then self._writer.join()
    ```
    """

    code = "CON024"
    slug = "daemon-thread-lost-writes"
    category = Category.CONCURRENCY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    triggers = (b"daemon",)

    VALID = [
        # a daemon thread that only polls and logs
        "import threading, time, logging\ndef heartbeat():\n    while True:\n        logging.info('alive')\n"
        "        time.sleep(5)\nthreading.Thread(target=heartbeat, daemon=True).start()\n",
        # joined on shutdown
        "import threading\nclass W:\n    def start(self):\n        self._t = threading.Thread(target=self._run, daemon=True)\n"
        "        self._t.start()\n    def _run(self):\n        with open('out.log', 'a') as fh:\n            fh.write('x')\n"
        "    def stop(self):\n        self._t.join(timeout=5)\n",
        # an atexit hook flushes
        "import atexit, threading\ndef flush(path, rows):\n    with open(path, 'w') as fh:\n        fh.write(rows)\n"
        "def start(path, rows, stop):\n    threading.Thread(target=flush, args=(path, rows), daemon=True).start()\n"
        "    atexit.register(stop)\n",
        # a queue worker drained with q.join()
        "import queue, threading\nq = queue.Queue()\ndef worker(db):\n    while True:\n        row = q.get()\n"
        "        db.commit()\n        q.task_done()\ndef run(db, rows):\n"
        "    threading.Thread(target=worker, args=(db,), daemon=True).start()\n    for r in rows:\n"
        "        q.put(r)\n    q.join()\n",
        # reads only
        "import threading\ndef load(path, cache):\n    with open(path) as fh:\n        cache['x'] = fh.read()\n"
        "threading.Thread(target=load, args=('a', {}), daemon=True).start()\n",
    ]
    INVALID = [
        "import json, threading\ndef save(path, state):\n    with open(path, 'w') as fh:\n        json.dump(state, fh)\n"
        "def autosave(path, state):\n"
        "    threading.Thread(target=save, args=(path, state), daemon=True).start()  # expect: CON024\n",
        "import sqlite3, threading\nclass Recorder:\n    def __init__(self, q):\n        self.q = q\n"
        "        t = threading.Thread(target=self._drain)  # expect: CON024\n        t.daemon = True\n        t.start()\n"
        "    def _drain(self):\n        db = sqlite3.connect('events.db')\n        while True:\n"
        "            db.execute('INSERT INTO events VALUES (?)', (self.q.get(),))\n            db.commit()\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if self.ctx.call_name(node) not in THREAD_TYPES or in_test(self.ctx):
            return
        handle = self._handle(node)
        if not (_daemon_kw(node) or (handle and self._daemon_attr(handle))):
            return
        target = _target(node)
        if target is None:
            return
        index = module_index(self.ctx)
        cls = self.ctx.class_def.name.value if self.ctx.class_def is not None else None
        for info in resolve(index, target, cls):
            write = self._first_write(index, info.node, info.cls, depth=2)
            if write is None:
                continue
            if self._waited_for(handle, index, info.node):
                return
            self.report(node, f"daemon thread running `{info.node.name.value}` writes ({write}) but is never "
                              "joined: at interpreter exit it is killed mid-write and pending data is lost; make it "
                              "non-daemon or signal it to stop and `join()` it on shutdown (atexit/close())")
            return

    # -- the thread object --------------------------------------------------
    def _handle(self, node: cst.Call) -> str | None:
        parent = self.ctx.parent
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
            return dotted(parent.targets[0].target) or None
        return None

    def _daemon_attr(self, handle: str) -> bool:
        scope = self.ctx.function or self.ctx.module
        for n in walk(scope, stop=_NESTED):
            if isinstance(n, cst.Assign) and isinstance(n.value, cst.Name) and n.value.value == "True" and any(
                    isinstance(t.target, cst.Attribute) and t.target.attr.value == "daemon"
                    and dotted(t.target.value) == handle for t in n.targets):
                return True
        return False

    def _waited_for(self, handle: str | None, index, target: cst.FunctionDef) -> bool:
        text = self.ctx.source.text
        if "atexit" in text:
            return True
        if ".join(" not in text:
            return False
        drains_queue = "task_done" in self.ctx.code_of(target)
        for n in walk(self.ctx.module):
            if isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value == "join":
                receiver = dotted(n.func.value)
                if handle and (receiver == handle or receiver.rsplit(".", 1)[-1] == handle.rsplit(".", 1)[-1]):
                    return True  # t.join() / t.join(timeout)
                if n.args:
                    continue  # "sep".join(items), os.path.join(...)
                if drains_queue and receiver in index.queues | {r.rsplit(".", 1)[-1] for r in index.queues}:
                    return True
                if drains_queue and "q" in receiver.rsplit(".", 1)[-1].lower():
                    return True
        if handle is None:
            return False
        # handed to a list that is joined later: `threads.append(t)` ... `for t in threads: t.join()`
        return any(isinstance(n, cst.Call) and any(isinstance(a.value, cst.Name) and a.value.value == handle
                                                  for a in n.args)
                   for n in walk(self.ctx.function or self.ctx.module, stop=_NESTED))

    # -- what the target does ------------------------------------------------
    def _first_write(self, index, func: cst.FunctionDef, cls: str | None, depth: int) -> str | None:
        for n in walk(func.body, stop=_NESTED):
            if not isinstance(n, cst.Call):
                continue
            name = self.ctx.call_name(n) or ""
            if name in DURABLE_WRITE_CALLS:
                return f"`{name}`"
            if name in ("open", "io.open") and self._write_mode(n):
                return "a file opened for writing"
            if isinstance(n.func, cst.Attribute):
                method = n.func.attr.value
                if method in DURABLE_WRITE_METHODS and not self._is_stream(n.func.value):
                    return f"`.{method}()`"
                if method == "execute" and n.args and self._sql_write(n.args[0].value):
                    return "an SQL write"
            if depth > 1:
                for callee in resolve(index, n.func, cls):
                    if callee.node is not func:
                        found = self._first_write(index, callee.node, callee.cls, depth - 1)
                        if found:
                            return found
        return None

    @staticmethod
    def _is_stream(receiver: cst.BaseExpression) -> bool:
        """`sys.stdout.write`, `sys.stderr.write`, `self.wfile.write` (a socket reply), `log.write`."""
        text = dotted(receiver).lower()
        return text.endswith(("stdout", "stderr", "wfile", "sock", "socket", "conn", "transport", "pipe", "writer"))

    @staticmethod
    def _write_mode(call: cst.Call) -> bool:
        mode = None
        for pos, arg in enumerate(call.args):
            if (arg.keyword and arg.keyword.value == "mode") or (arg.keyword is None and pos == 1):
                mode = arg.value
        return isinstance(mode, cst.SimpleString) and any(c in mode.evaluated_value for c in _WRITE_MODES)

    @staticmethod
    def _sql_write(expr: cst.BaseExpression) -> bool:
        if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString)):
            value = expr.evaluated_value if isinstance(expr, cst.SimpleString) else None
            text = (value if isinstance(value, str) else "").lstrip().lower()
            return text.startswith(SQL_WRITE_VERBS)
        return False
