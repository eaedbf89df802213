import libcst as cst

from codeaudit.concurrency.index import in_test
from codeaudit.concurrency.tables import TASK_SPAWNERS
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class TaskDropped(PythonRule):
    """`asyncio.create_task` / `ensure_future` result thrown away (fire-and-forget).

    ## What it does
    Reports `asyncio.create_task(...)`, `asyncio.ensure_future(...)` and
    `loop.create_task(...)` used as bare statements. Tasks kept in a variable, a
    set with `add_done_callback(set.discard)`, or spawned on a `TaskGroup`
    (`tg.create_task`) are fine. Tests are skipped.

    ## Why is this bad
    The event loop keeps only a weak reference to tasks: an unreferenced task can
    be garbage collected before it finishes, and its exception is never
    retrieved, so failures vanish ("Task exception was never retrieved").

    ## Example
    ```python
    asyncio.create_task(room.persist(data))
    ```

    ## Use instead
    ```python
    task = asyncio.create_task(room.persist(data))
    background.add(task)
    task.add_done_callback(background.discard)
    ```
    """

    code = "CON005"
    slug = "task-dropped"
    category = Category.CONCURRENCY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    triggers = (b"create_task", b"ensure_future")

    VALID = [
        "import asyncio\nasync def f(tasks, coro):\n    task = asyncio.create_task(coro)\n    tasks.add(task)\n"
        "    task.add_done_callback(tasks.discard)\n",
        "import asyncio\nasync def f(coros):\n    async with asyncio.TaskGroup() as tg:\n        for c in coros:\n"
        "            tg.create_task(c)\n",
        "import asyncio\nasync def f(coro):\n    return asyncio.create_task(coro)\n",
        "async def f(nursery, job):\n    nursery.create_task(job())\n",
    ]
    INVALID = [
        "import asyncio\nasync def f(coro):\n    asyncio.create_task(coro)  # expect: CON005\n",
        "import asyncio\ndef f(loop, coro):\n    loop.create_task(coro)  # expect: CON005\n",
        "from asyncio import ensure_future\nasync def f(coro):\n    ensure_future(coro)  # expect: CON005\n",
    ]

    def visit_Expr(self, node: cst.Expr) -> None:
        call = node.value
        if not isinstance(call, cst.Call) or in_test(self.ctx):
            return
        name = self.ctx.call_name(call)
        func = call.func
        if name not in TASK_SPAWNERS:
            if not (isinstance(func, cst.Attribute) and func.attr.value == "create_task"):
                return
            receiver = func.value
            text = self.ctx.code_of(receiver).lower()
            if "loop" not in text:
                return  # TaskGroup / nursery / unknown spawners keep their tasks
            name = f"{self.ctx.code_of(receiver)}.create_task"
        self.report(call, f"the task from `{name}()` is not kept: it can be garbage-collected mid-flight and its "
                          "exception is never seen; keep a reference (a set + `add_done_callback(set.discard)`) "
                          "or use a TaskGroup")
