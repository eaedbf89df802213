import libcst as cst

from codeaudit.concurrency.index import is_test_path, root_name
from codeaudit.concurrency.tables import BLOCKING_FILE_CALLS, BLOCKING_FILE_METHODS
from codeaudit.rule import Category, Confidence, PythonRule, Severity


_COROUTINE_TAKERS = {"create_task", "ensure_future", "gather", "wait_for", "shield", "run", "wait", "run_coroutine_threadsafe"}


class BlockingFileIoInAsync(PythonRule):
    """Synchronous file I/O (`open`, `Path.read_text`, ...) inside an `async def`.

    ## What it does
    Reports builtin `open()` and the pathlib whole-file helpers (`read_text`,
    `write_text`, `read_bytes`, `write_bytes`) called directly in a coroutine.
    `aiofiles.open`, `anyio.open_file` and work off-loaded with
    `asyncio.to_thread` stay silent. Tests (test files, `test_*` functions) are skipped.

    ## Why is this bad
    Disk I/O blocks the event loop. It is usually short, but on network file
    systems, slow disks or large files every other task waits for it; in a
    request handler it adds the I/O time to every concurrent request.

    ## Example
    ```python
    async def get_template(name):
        return json.loads(open(TEMPLATES / name).read())
    ```

    ## Use instead
    ```python
    async def get_template(name):
        text = await asyncio.to_thread((TEMPLATES / name).read_text)
        return json.loads(text)
    ```
    """

    code = "CON003"
    slug = "blocking-file-io-in-async"
    category = Category.CONCURRENCY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"async",)

    VALID = [
        "import aiofiles\nasync def f(p):\n    async with aiofiles.open(p) as fh:\n        return await fh.read()\n",
        "import asyncio\nasync def f(p):\n    return await asyncio.to_thread(p.read_text)\n",
        "def load(p):\n    with open(p) as fh:\n        return fh.read()\n",
        "async def test_reads(tmp_path):\n    (tmp_path / 'x').write_text('1')\n",
        "import asyncio\nclass W:\n    async def write_bytes(self, w):\n        pass\n"
        "    async def send(self, w):\n        self.t = asyncio.get_running_loop().create_task(self.write_bytes(w))\n",
        "async def f(apath):\n    return await apath.read_text()\n",
    ]
    INVALID = [
        "import json\nasync def f(p):\n    return json.loads(open(p).read())  # expect: CON003\n",
        "async def f(p, data):\n    with open(p, 'a') as fh:  # expect: CON003\n        fh.write(data)\n",
        "async def f(path):\n    return path.read_text()  # expect: CON003\n",
    ]

    def _coroutine_use(self) -> bool:
        """`await x.read_text()` or `create_task(self.write_bytes(...))`: an async method of the same name."""
        parents = self.ctx.parents
        if parents and isinstance(parents[-1], cst.Await):
            return True
        if len(parents) >= 2 and isinstance(parents[-1], cst.Arg) and isinstance(parents[-2], cst.Call):
            func = parents[-2].func
            name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
            return name in _COROUTINE_TAKERS
        return False

    def visit_Call(self, node: cst.Call) -> None:
        if not self.ctx.in_async_function or is_test_path(self.ctx.path):
            return
        if self.ctx.function.name.value.startswith("test_"):
            return
        func = node.func
        if isinstance(func, cst.Name) and self.ctx.call_name(node) in BLOCKING_FILE_CALLS:
            what = f"`{func.value}()`"
        elif (isinstance(func, cst.Attribute) and func.attr.value in BLOCKING_FILE_METHODS
              and root_name(func.value) not in ("self", "cls")
              and not self._coroutine_use()):
            what = f"`.{func.attr.value}()`"
        else:
            return
        self.report(node, f"{what} does blocking file I/O inside `async def` and stalls the event loop; "
                          "use aiofiles or `await asyncio.to_thread(...)`")
