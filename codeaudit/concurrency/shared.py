"""Is a write to shared state unsynchronised? Shared by CON010, CON011 and CON021."""
from __future__ import annotations

from typing import Any

import libcst as cst

from codeaudit.concurrency import tables
from codeaudit.concurrency.index import ModuleIndex, dotted, module_index, root_name, walk

_LOCK_WORDS = ("lock", "mutex", "cond", "sem", "guard")
_CONSTRUCTORS = ("__init__", "__post_init__", "__new__", "__enter__", "setUp", "__setstate__")


def holds_lock(ctx: Any, index: ModuleIndex) -> bool:
    """Inside a ``with`` on something lock-like (an existing lock, not a fresh one), or in a
    function that takes a lock with ``acquire()`` (its own try/finally is CON012's business)."""
    func = ctx.function
    if func is not None and _acquires(ctx, index, func) and _after_acquire(ctx, index, func):
        return True
    for block in ctx.with_blocks:
        for item in block.items:
            expr = item.item
            if isinstance(expr, cst.Call):
                continue  # `with threading.Lock():` protects nothing (CON013)
            key = dotted(expr)
            if key in index.thread_locks or any(w in key.lower() for w in _LOCK_WORDS):
                return True
    return False


def declared_shared(func: cst.FunctionDef) -> set[str]:
    """Names a function declares ``global`` or ``nonlocal``."""
    names: set[str] = set()
    for node in walk(func.body, stop=(cst.FunctionDef, cst.ClassDef, cst.Lambda)):
        if isinstance(node, (cst.Global, cst.Nonlocal)):
            names.update(n.name.value for n in node.names)
    return names


def _is_safe_shared(index: ModuleIndex, name: str) -> bool:
    """Thread-local storage, locks, and multiprocessing shared objects (Manager, Queue, Value, Array)."""
    made_by = index.module_assign_calls.get(name, "")
    if made_by.endswith(".local") or made_by == "local" or name in index.thread_locks:
        return True
    return any(hint in made_by for hint in tables.PROCESS_SHARED_HINTS) or made_by.startswith("queue.")


def shared_target(ctx: Any, target: Any, kind: str, in_place: bool = False) -> str | None:
    """Why ``target`` (an assignment target or mutated object) is shared by concurrent workers, or None.

    kind: "thread" (several threads/executor workers at once, or a lock-owning class)
    or "process" (a child process). in_place: ``target`` is an object mutated in place
    (``d[k] = v``, ``d.append(v)``), not a name being rebound.
    """
    func = ctx.function
    if not isinstance(func, cst.FunctionDef) or func.asynchronous is not None:
        return None
    index = module_index(ctx)
    worker = index.workers.get(id(func))
    root = root_name(target)
    is_self_attr = root == "self" and isinstance(target, (cst.Attribute, cst.Subscript))
    if worker is not None and worker[0] == kind and (kind == "process" or worker[1]):
        if isinstance(target, cst.Name) and not in_place:
            if target.value in declared_shared(func) and not _is_safe_shared(index, target.value):
                return f"`{target.value}` is {'module' if kind == 'process' else 'shared'} state"
        elif root and root in ctx.module_names and not _is_safe_shared(index, root):
            return f"`{root}` is module-level state"
        elif is_self_attr and kind == "thread" and id(func) not in index.thread_runs:
            return "the instance is shared by the worker threads"
        elif (kind == "thread" and root and isinstance(target, (cst.Subscript, cst.Attribute))
              and _captured_from_enclosing(ctx, func, root)):
            return f"`{root}` belongs to the enclosing function and every worker updates the same object"
    if kind == "thread" and is_self_attr:
        cls = ctx.class_def
        if (cls is not None and cls.name.value in index.classes_with_thread_lock
                and func.name.value not in _CONSTRUCTORS and ctx.scopes.index(func) == ctx.scopes.index(cls) + 1
                and not _called_under_lock(ctx, index, cls, func.name.value)):
            return f"`{cls.name.value}` owns a lock, so its instances are shared between threads"
    return None


def _captured_from_enclosing(ctx: Any, func: cst.FunctionDef, name: str) -> bool:
    """``name`` is a closure variable: a local of an enclosing function that ``func`` neither takes as a
    parameter nor assigns itself, so all workers running ``func`` share one object."""
    outer = [s for s in ctx.scopes[:-1] if isinstance(s, cst.FunctionDef)] if func in ctx.scopes else []
    if not outer:
        return False
    params = func.params
    if any(p.name.value == name for p in (*params.posonly_params, *params.params, *params.kwonly_params)):
        return False
    if _assigns(func.body, name):
        return False
    return _assigns(outer[-1].body, name)


def _assigns(body: Any, name: str) -> bool:
    for node in walk(body, stop=(cst.FunctionDef, cst.Lambda, cst.ClassDef)):
        if isinstance(node, cst.AssignTarget) and isinstance(node.target, cst.Name) and node.target.value == name:
            return True
        if isinstance(node, (cst.AnnAssign,)) and isinstance(node.target, cst.Name) and node.target.value == name:
            return True
    return False


def _called_under_lock(ctx: Any, index: ModuleIndex, cls: cst.ClassDef, method: str) -> bool:
    """A helper (``_refill_locked``) that callers invoke while holding the lock."""
    if method.endswith("_locked") or method.endswith("_unlocked") or method.endswith("_nolock"):
        return True
    cache = ctx.__dict__.setdefault("_concurrency_under_lock", {})
    key = id(cls)
    if key not in cache:
        methods = {n.name.value: n for n in cls.body.body if isinstance(n, cst.FunctionDef)}
        under: set[str] = set()
        for node in walk(cls.body):
            if isinstance(node, cst.With) and any(
                not isinstance(i.item, cst.Call) and (dotted(i.item) in index.thread_locks or "lock" in dotted(i.item).lower())
                for i in node.items
            ):
                under |= _self_calls(node.body)
        # helpers called only from helpers that run under the lock run under it too
        frontier = list(under)
        while frontier:
            name = frontier.pop()
            if name in methods:
                for callee in _self_calls(methods[name].body) - under:
                    under.add(callee)
                    frontier.append(callee)
        cache[key] = under
    return method in cache[key]


def _acquires(ctx: Any, index: ModuleIndex, func: Any) -> bool:
    cache = ctx.__dict__.setdefault("_concurrency_acquires", {})
    if id(func) not in cache:
        cache[id(func)] = any(
            isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value == "acquire"
            and (dotted(n.func.value) in index.thread_locks
                 or any(w in dotted(n.func.value).lower() for w in _LOCK_WORDS))
            for n in walk(func.body, stop=(cst.FunctionDef, cst.Lambda, cst.ClassDef))
        )
    return cache[id(func)]


def _lock_call(stmt: Any, index: ModuleIndex, method: str) -> bool:
    """``stmt`` calls ``<lock>.<method>()`` (``acquire`` / ``release``) somewhere in it."""
    return any(
        isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value == method
        and (dotted(n.func.value) in index.thread_locks or any(w in dotted(n.func.value).lower() for w in _LOCK_WORDS))
        for n in walk(stmt, stop=(cst.FunctionDef, cst.Lambda, cst.ClassDef))
    )


def _after_acquire(ctx: Any, index: ModuleIndex, func: Any) -> bool:
    """The node being visited runs while an ``acquire()`` taken earlier in ``func`` is held: a preceding
    sibling statement (at any block level up to the function body) acquires the lock and no statement in
    between releases it, or an enclosing ``if``/``while`` tests ``lock.acquire(...)``. Statements before the
    ``acquire()`` or after the ``release()`` are not protected."""
    chain = list(ctx.parents)
    try:
        start = next(i for i, p in enumerate(chain) if p is func)
    except StopIteration:
        return True
    for i in range(len(chain) - 1, start, -1):
        parent, child = chain[i - 1] if i - 1 >= 0 else None, chain[i]
        if isinstance(child, (cst.If, cst.While)) and i + 1 < len(chain) and _lock_call(child.test, index, "acquire"):
            return True
        body = getattr(parent, "body", None)
        if not isinstance(body, (list, tuple)):
            continue
        pos = next((k for k, stmt in enumerate(body) if stmt is child), None)
        if pos is None:
            continue
        for stmt in reversed(body[:pos]):
            if _lock_call(stmt, index, "release"):
                return False
            if _lock_call(stmt, index, "acquire"):
                return True
    return False


def _self_calls(node: Any) -> set[str]:
    return {
        n.func.attr.value for n in walk(node)
        if isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and isinstance(n.func.value, cst.Name)
        and n.func.value.value == "self"
    }
