"""The per-module concurrency index (codeaudit/concurrency/index.py) and the CON rule pack on the corpus."""
from pathlib import Path

import libcst as cst
import pytest

from codeaudit.concurrency.index import is_test_path, module_index
from codeaudit.context import FileContext, module_level_names
from codeaudit.examples import run_source
from codeaudit.source import SourceFile

ROOT = Path(__file__).resolve().parent.parent


def index_of(source: str):
    src = SourceFile.decode("m.py", source.encode(), "python")
    ctx = FileContext(source=src)
    ctx.module = cst.parse_module(source)
    ctx.module_names = module_level_names(ctx.module)
    for stmt in ctx.module.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, (cst.Import, cst.ImportFrom)):
                    ctx.add_import(small)
    index = module_index(ctx)
    names = {id(i.node): name for name, infos in index.functions.items() for i in infos}
    return index, {names[k]: v for k, v in index.workers.items()}


def test_workers_are_found_through_threads_pools_and_calls():
    index, workers = index_of(
        "import threading\nfrom concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor\n"
        "def helper():\n    pass\n"
        "def work():\n    helper()\n"
        "def once():\n    pass\n"
        "def cpu(x):\n    return x\n"
        "class C:\n    def __init__(self):\n        self._pool = ThreadPoolExecutor()\n"
        "    def m(self, x):\n        return x\n"
        "    def go(self, xs):\n        return list(self._pool.map(self.m, xs))\n"
        "def main():\n    ts = [threading.Thread(target=work) for _ in range(3)]\n"
        "    threading.Thread(target=once).start()\n"
        "    with ProcessPoolExecutor() as pp:\n        pp.map(cpu, [1])\n"
    )
    assert workers == {
        "work": ("thread", True), "helper": ("thread", True), "once": ("thread", False),
        "cpu": ("process", True), "m": ("thread", True),
    }
    assert "self._pool" in index.thread_pools and "pp" in index.process_pools


def test_coroutines_locks_and_clients_are_indexed():
    index, workers = index_of(
        "import threading, asyncio, requests, queue\n"
        "async def top():\n    pass\n"
        "class T(threading.Thread):\n    def run(self):\n        pass\n"
        "class S:\n    def __init__(self):\n        self.lock = threading.Lock()\n        self.http = requests.Session()\n"
        "    async def close(self):\n        pass\n"
        "jobs = queue.Queue()\n"
    )
    assert index.async_funcs == {"top"} and index.async_methods == {"S": {"close"}}
    assert workers == {"run": ("thread", True)}
    assert index.classes_with_thread_lock == {"S"}
    assert index.sync_clients == {"self.http": "requests.Session"} and index.queues == {"jobs"}


@pytest.mark.parametrize("path, expected", [
    ("tests/test_api.py", True), ("pkg/tests/helpers.py", True), ("conftest.py", True),
    ("app/service.py", False), ("app/contest.py", False),
])  # fmt: skip
def test_test_paths(path, expected):
    assert is_test_path(path) is expected


def test_rule_pack_on_the_labelled_corpus():
    """Every concurrency label in concurrency/ and clean/ found, no CON finding off the labels."""
    corpus = ROOT / "bench" / "corpus" / "python"
    missed, extra = [], []
    for folder in ("concurrency", "clean"):
        for path in sorted((corpus / folder).glob("*.py")):
            source = path.read_text(encoding="utf-8")
            labelled = {n for n, line in enumerate(source.splitlines(), 1) if "concurrency/" in line.split("# label:")[-1]
                        and "# label:" in line}
            found = {f.line for f in run_source(source, "python", path=path.name) if f.code.startswith("CON")}
            missed += [f"{path.name}:{n}" for n in sorted(labelled - found)]
            extra += [f"{path.name}:{n}" for n in sorted(found - labelled)]
    assert not extra, extra
    assert len(missed) <= 4, missed

