import libcst as cst

from codeaudit.concurrency.index import walk
from codeaudit.concurrency.tables import THREAD_TYPES
from codeaudit.rule import Category, Confidence, PythonRule, Severity


def _is_daemon(call: cst.Call) -> bool:
    return any(a.keyword and a.keyword.value == "daemon" and not (isinstance(a.value, cst.Name) and a.value.value == "False")
               for a in call.args)


class ThreadNeverJoined(PythonRule):
    """A non-daemon thread is started and then forgotten.

    ## What it does
    Reports `threading.Thread(...)` (non-daemon) started as
    `Thread(...).start()`, or assigned to a local that is started but never
    joined, returned, stored or handed on in the function.

    ## Why is this bad
    Nobody waits for the thread or sees its failure: the caller reports success
    while the work is still running (or already crashed), and a non-daemon thread
    that never ends keeps the interpreter from exiting.

    ## Example
    ```python
    for user in users:
        t = threading.Thread(target=send, args=(user,))
        t.start()
    ```

    ## Use instead
    ```python
    threads = [threading.Thread(target=send, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # or: with ThreadPoolExecutor() as pool: list(pool.map(send, users))
    ```
    """

    code = "CON018"
    slug = "thread-never-joined"
    category = Category.CONCURRENCY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    triggers = (b"Thread(",)

    VALID = [
        "import threading\ndef f(work):\n    t = threading.Thread(target=work)\n    t.start()\n    t.join()\n",
        "import threading\ndef f(work):\n    t = threading.Thread(target=work)\n    t.start()\n    return t\n",
        "import threading\ndef f(work):\n    threading.Thread(target=work, daemon=True).start()\n",
        "import threading\nclass S:\n    def start(self, work):\n        self._t = threading.Thread(target=work)\n"
        "        self._t.start()\n",
        "import threading\ndef f(work, pool):\n    t = threading.Thread(target=work)\n    t.start()\n    pool.append(t)\n",
        "import threading\ndef f(work):\n    t = threading.Thread(target=work)\n    t.daemon = True\n    t.start()\n",
    ]
    INVALID = [
        "import threading\ndef f(work, stop):\n    threading.Thread(target=work, args=(stop,)).start()  # expect: CON018\n",
        "import threading\ndef f(send, users):\n    for u in users:\n"
        "        t = threading.Thread(target=send, args=(u,))  # expect: CON018\n        t.start()\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if self.ctx.call_name(node) not in THREAD_TYPES or _is_daemon(node):
            return
        parent = self.ctx.parent
        if isinstance(parent, cst.Attribute) and parent.attr.value == "start":
            self.report(node, "thread started and never joined: nobody waits for it or sees it fail, and a "
                              "non-daemon thread keeps the process alive; keep it and `join()` it (or use an executor)")
            return
        if not (isinstance(parent, cst.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0].target, cst.Name)):
            return
        func = self.ctx.function
        if func is None:
            return
        var = parent.targets[0].target.value
        started = False
        for n in walk(func.body):
            if isinstance(n, cst.Attribute) and isinstance(n.value, cst.Name) and n.value.value == var:
                if n.attr.value == "start":
                    started = True
                elif n.attr.value in ("join", "daemon", "setDaemon"):
                    return
            elif isinstance(n, cst.Name) and n.value == var:
                if not self._plain_use(func, n):
                    return
        if started:
            self.report(node, f"thread `{var}` is started but never joined, returned or stored: its failure and "
                              "completion go unobserved; `join()` it or use a ThreadPoolExecutor")

    def _plain_use(self, func, name) -> bool:
        """The name is used only as `var = Thread(...)` target or `var.start()`/`var.name` receiver."""
        for n in walk(func.body):
            if isinstance(n, cst.Attribute) and n.value is name:
                return True
            if isinstance(n, cst.AssignTarget) and n.target is name:
                return True
        return False
