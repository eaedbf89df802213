"""A cheap per-module index for the concurrency rules.

Built once per file on first use (no libcst metadata): it walks the module's
dataclass fields and records

* coroutine functions: module-level ``async def`` names and async methods per class;
* which functions run on threads / executor workers / child processes, from
  ``Thread(target=f)``, ``Timer(t, f)``, ``pool.submit(f)``, ``pool.map(f, ...)``,
  ``Process(target=f)``, plus the same-module functions those call (transitively);
* names bound to thread pools, process pools and locks.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterator

import libcst as cst

from codeaudit.concurrency import tables

_SKIP = ("whitespace", "lpar", "rpar", "comma", "leading_lines", "lines_after_decorators", "trailing_whitespace",
         "header", "footer", "semicolon", "colon", "equal", "dot", "default_indent", "default_newline", "encoding",
         "has_trailing_newline", "indent")  # fmt: skip


@lru_cache(maxsize=None)
def _fields(node_type: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(node_type) if not f.name.startswith(_SKIP))


def children(node: Any) -> Iterator[Any]:
    for name in _fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            yield value
        elif type(value) in (tuple, list):
            for item in value:
                if isinstance(item, cst.CSTNode):
                    yield item


def walk(node: Any, stop: tuple[type, ...] = ()) -> Iterator[Any]:
    """Pre-order walk of node's descendants (and node), not entering ``stop`` types below the root."""
    stack = [node]
    first = True
    while stack:
        current = stack.pop()
        yield current
        if not first and stop and isinstance(current, stop):
            continue
        first = False
        stack.extend(reversed(list(children(current))))


def dotted(node: Any) -> str:
    """``self.pool`` -> "self.pool"; "" for other expressions."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr.value}" if base else ""
    return ""


def root_name(node: Any) -> str:
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        node = node.value
    return node.value if isinstance(node, cst.Name) else ""


def is_test_path(path: str) -> bool:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.startswith("test_") or name.endswith("_test.py") or "/tests/" in f"/{path}" or name == "conftest.py"


def in_test(ctx: Any) -> bool:
    """In a test file or a ``test_*`` function (tests spawn, drop and block on purpose)."""
    if is_test_path(ctx.path):
        return True
    return any(isinstance(s, cst.FunctionDef) and s.name.value.startswith("test_") for s in ctx.scopes)


@dataclass
class FunctionInfo:
    node: cst.FunctionDef
    cls: str | None  # enclosing class name (methods)
    nested: bool  # defined inside another function


@dataclass
class ModuleIndex:
    functions: dict[str, list[FunctionInfo]] = field(default_factory=dict)
    async_funcs: set[str] = field(default_factory=set)  # module-level coroutine functions
    async_methods: dict[str, set[str]] = field(default_factory=dict)  # class -> coroutine methods
    thread_pools: set[str] = field(default_factory=set)  # dotted names bound to thread pools
    process_pools: set[str] = field(default_factory=set)
    thread_locks: set[str] = field(default_factory=set)  # dotted names / attribute names bound to locks
    classes_with_thread_lock: set[str] = field(default_factory=set)
    #: function node id -> (kind "thread"/"process", multiple workers?)
    workers: dict[int, tuple[str, bool]] = field(default_factory=dict)
    module_assign_calls: dict[str, str] = field(default_factory=dict)  # module name -> constructor called
    sync_clients: dict[str, str] = field(default_factory=dict)  # dotted name -> synchronous client constructor
    async_clients: set[str] = field(default_factory=set)  # names bound to aiohttp/httpx async clients
    queues: set[str] = field(default_factory=set)  # names bound to queue.Queue & co
    sync_locks: set[str] = field(default_factory=set)  # names bound to threading/multiprocessing locks
    #: ids of run() methods of threading.Thread subclasses (their `self` is the thread object itself)
    thread_runs: set[int] = field(default_factory=set)
    async_locks: set[str] = field(default_factory=set)  # names bound to asyncio/anyio/trio locks
    #: names of functions/methods called inside a loop or comprehension of this module (called per item)
    called_in_loop: set[str] = field(default_factory=set)
    #: ids of functions run once per item by an executor/pool (`submit`, `map`), not once per thread
    per_item_workers: set[int] = field(default_factory=set)


@dataclass
class CoroutineIndex:
    async_funcs: set[str] = field(default_factory=set)
    async_methods: dict[str, set[str]] = field(default_factory=dict)


def coroutine_index(ctx: Any) -> CoroutineIndex:
    """Module-level coroutine functions and async methods of top-level classes (a shallow scan)."""
    cached = ctx.__dict__.get("_concurrency_coroutines")
    if cached is None:
        cached = CoroutineIndex()
        for stmt in ctx.module.body if ctx.module is not None else ():
            if isinstance(stmt, cst.FunctionDef) and stmt.asynchronous is not None and not _sync_decorated(stmt):
                cached.async_funcs.add(stmt.name.value)
            elif isinstance(stmt, cst.ClassDef) and isinstance(stmt.body, cst.IndentedBlock):
                cached.async_methods[stmt.name.value] = {
                    m.name.value for m in stmt.body.body
                    if isinstance(m, cst.FunctionDef) and m.asynchronous is not None and not _sync_decorated(m)
                }
        ctx.__dict__["_concurrency_coroutines"] = cached
    return cached


def module_index(ctx: Any) -> ModuleIndex:
    cached = ctx.__dict__.get("_concurrency_index")
    if cached is None:
        cached = _build(ctx)
        ctx.__dict__["_concurrency_index"] = cached
    return cached


_WORKER_CALLS = frozenset(name.rsplit(".", 1)[-1] for name in tables.THREAD_TYPES | tables.PROCESS_TYPES)
_LOOPS = (cst.For, cst.While, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


def _build(ctx: Any) -> ModuleIndex:
    index = ModuleIndex()
    module = ctx.module
    if module is None:
        return index
    # Pass 1: functions, classes and bindings of pools and locks.
    stack: list[tuple[Any, str | None, bool, Any]] = [(module, None, False, False)]
    calls: list[tuple[cst.Call, str | None, Any]] = []
    while stack:
        node, cls, in_func, in_loop = stack.pop()
        if isinstance(node, cst.FunctionDef):
            info = FunctionInfo(node, cls, in_func)
            index.functions.setdefault(node.name.value, []).append(info)
            if node.asynchronous is not None and not _sync_decorated(node):
                if cls is None and not in_func:
                    index.async_funcs.add(node.name.value)
                elif cls is not None and not in_func:
                    index.async_methods.setdefault(cls, set()).add(node.name.value)
            for child in children(node):
                stack.append((child, cls, True, False))
            continue
        if isinstance(node, cst.ClassDef):
            if any(ctx.qualified_name(b.value) in tables.THREAD_BASES for b in node.bases):
                for stmt in node.body.body:
                    if isinstance(stmt, cst.FunctionDef) and stmt.name.value == "run":
                        index.thread_runs.add(id(stmt))
                        index.workers[id(stmt)] = ("thread", True)
            for child in children(node):
                stack.append((child, node.name.value, False, False))
            continue
        if isinstance(node, (cst.Assign, cst.AnnAssign)) and isinstance(node.value, cst.Call):
            targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            _bind(ctx, index, targets, node.value, cls, in_func)
        elif isinstance(node, cst.WithItem) and isinstance(node.item, cst.Call) and node.asname is not None:
            _bind(ctx, index, [node.asname.name], node.item, cls, in_func)
        elif isinstance(node, cst.Call):
            func = node.func
            last = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
            if last in _WORKER_CALLS or last in tables.SUBMIT_METHODS:
                calls.append((node, cls, in_loop))
            if in_loop == "for" and last and (isinstance(func, cst.Name) or dotted(func.value) in ("self", "cls")):
                index.called_in_loop.add(last)
            # dataclass field(default_factory=threading.Lock)
            if cls and dotted(node.func) in ("field", "dataclasses.field"):
                for arg in node.args:
                    if arg.keyword and arg.keyword.value == "default_factory" and \
                            ctx.qualified_name(arg.value) in tables.THREAD_LOCK_TYPES:
                        index.classes_with_thread_lock.add(cls)
        # "for": a per-item loop or comprehension encloses the node; "while": only while-loops do
        if in_loop == "for" or (isinstance(node, _LOOPS) and not isinstance(node, cst.While)):
            looping = "for"
        else:
            looping = in_loop or ("while" if isinstance(node, cst.While) else False)
        for child in children(node):
            stack.append((child, cls, in_func, looping))
    # Pass 2: worker functions.
    for call, cls, in_loop in calls:
        _record_worker(ctx, index, call, cls, in_loop)
    _propagate(index)
    return index


def _sync_decorated(node: cst.FunctionDef) -> bool:
    return any("sync" in dotted(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator).lower()
               for d in node.decorators)


def _bind(ctx: Any, index: ModuleIndex, targets: list[Any], call: cst.Call, cls: str | None, in_func: bool) -> None:
    name = ctx.call_name(call) or ""
    if name.endswith(".Pool") and "get_context" in name:
        name = "multiprocessing.Pool"
    for target in targets:
        key = dotted(target)
        if not key:
            continue
        if name in tables.SYNC_CLIENT_FACTORIES:
            index.sync_clients[key] = name
        elif name in tables.ASYNC_CLIENTS:
            index.async_clients.add(key)
        elif name in tables.QUEUE_TYPES:
            index.queues.add(key)
        if name in tables.SYNC_LOCK_TYPES:
            index.sync_locks.add(key)
        elif name in tables.ASYNC_LOCK_TYPES:
            index.async_locks.add(key)
        if name in tables.THREAD_POOLS:
            index.thread_pools.add(key)
        elif name in tables.PROCESS_POOLS:
            index.process_pools.add(key)
        elif name in tables.LOCK_TYPES:
            index.thread_locks.add(key)
            if name in tables.THREAD_LOCK_TYPES and cls and key.startswith("self."):
                index.classes_with_thread_lock.add(cls)
        if not in_func and cls is None and isinstance(target, cst.Name):
            index.module_assign_calls[target.value] = name or ctx.code_of(call.func)


def resolve(index: ModuleIndex, expr: Any, cls: str | None) -> list[FunctionInfo]:
    """Functions of this module an expression names (``f``, ``self.m``, ``partial(f, ...)``)."""
    if isinstance(expr, cst.Call) and dotted(expr.func) in ("partial", "functools.partial") and expr.args:
        expr = expr.args[0].value
    if isinstance(expr, cst.Name):
        return [i for i in index.functions.get(expr.value, []) if i.cls is None or i.nested]
    if isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name) and expr.value.value in ("self", "cls"):
        return [i for i in index.functions.get(expr.attr.value, []) if i.cls == cls and not i.nested]
    return []


def pool_kind(ctx: Any, index: ModuleIndex, receiver: Any) -> str | None:
    """"thread" / "process" for an expression naming (or constructing) a pool."""
    if isinstance(receiver, cst.Call):
        name = ctx.call_name(receiver) or ""
        return "thread" if name in tables.THREAD_POOLS else "process" if name in tables.PROCESS_POOLS else None
    key = dotted(receiver)
    if key in index.thread_pools:
        return "thread"
    if key in index.process_pools:
        return "process"
    return None


def _record_worker(ctx: Any, index: ModuleIndex, call: cst.Call, cls: str | None, in_loop: bool) -> None:
    name = ctx.call_name(call) or ""
    target = None
    kind = None
    multiple = bool(in_loop)
    if name in tables.THREAD_TYPES or name in tables.PROCESS_TYPES:
        kind = "thread" if name in tables.THREAD_TYPES else "process"
        for pos, arg in enumerate(call.args):
            if (arg.keyword and arg.keyword.value in ("target", "function")) or (
                name == "threading.Timer" and arg.keyword is None and pos == 1
            ):
                target = arg.value
    elif isinstance(call.func, cst.Attribute) and call.func.attr.value in tables.SUBMIT_METHODS and call.args:
        kind = pool_kind(ctx, index, call.func.value)
        target = call.args[0].value
        multiple = True
    if kind is None or target is None:
        return
    for info in resolve(index, target, cls):
        if name not in tables.THREAD_TYPES and name not in tables.PROCESS_TYPES:
            index.per_item_workers.add(id(info.node))
        old = index.workers.get(id(info.node))
        index.workers[id(info.node)] = (kind, multiple or kind == "process" or bool(old and old[1]))


def _propagate(index: ModuleIndex) -> None:
    """Same-module functions called from workers run on the workers too."""
    by_id = {id(i.node): i for infos in index.functions.values() for i in infos}
    queue = list(index.workers)
    while queue:
        fid = queue.pop()
        info = by_id.get(fid)
        if info is None:
            continue
        kind, multiple = index.workers[fid]
        for node in walk(info.node.body, stop=(cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            if isinstance(node, cst.Call):
                for callee in resolve(index, node.func, info.cls):
                    if id(callee.node) not in index.workers and callee.node.asynchronous is None:
                        index.workers[id(callee.node)] = (kind, multiple)
                        queue.append(id(callee.node))
