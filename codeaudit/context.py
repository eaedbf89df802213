"""Per-file state that rules read while the engine walks a tree.

The engine owns the traversal; rules see where they are through FileContext:
the enclosing function (and whether it is async), loops, ``with`` blocks,
``try`` blocks, classes, the parent chain, and the import aliases of the file,
so ``import subprocess as sp; sp.run`` resolves to ``subprocess.run`` without
libcst's (expensive) scope metadata.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import libcst as cst

from codeaudit.source import SourceFile

if TYPE_CHECKING:
    from codeaudit.rule import Rule

FUNCTION_TYPES = (cst.FunctionDef, cst.Lambda)
LOOP_TYPES = (cst.For, cst.While, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


@dataclass
class PendingFinding:
    rule: "Rule"
    node: Any
    message: str
    overrides: dict[str, Any]
    ancestors: list[Any] | None = None  # the parent chain at report time (during the traversal only)


@dataclass
class FileContext:
    source: SourceFile
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    pending: list[PendingFinding] = field(default_factory=list)
    #: (kind, message) notes a rule leaves for the run's diagnostics (e.g. the package index was unreachable).
    notes: list[tuple[str, str]] = field(default_factory=list)
    #: Every node from the module down to (excluding) the node being visited.
    parents: list[Any] = field(default_factory=list)
    #: Enclosing scopes and blocks of interest, innermost last.
    scopes: list[Any] = field(default_factory=list)
    imports: dict[str, str] = field(default_factory=dict)
    module_names: set[str] = field(default_factory=set)
    module: Any = None
    parser: str = "libcst"
    tree: Any = None  # the tree-sitter tree, for tree-sitter audits
    #: Absolute repository root when the file is on disk (rules may read manifests near the file); None otherwise.
    root: str | None = None
    js: Any = None  # codeaudit.js.JsModule of a JS/TS file, built on first use (codeaudit.js.module_for)

    # -- reporting -------------------------------------------------------
    def report(self, rule: "Rule", node: Any, message: str, **overrides: Any) -> None:
        ancestors = list(self.parents) if self.parents and self.module is not None else None
        self.pending.append(PendingFinding(rule, node, message, overrides, ancestors))

    def rule_options(self, rule: "Rule") -> dict[str, Any]:
        return self.options.get(rule.code, {})

    @property
    def path(self) -> str:
        return self.source.path

    # -- where am I ------------------------------------------------------
    @property
    def parent(self) -> Any:
        return self.parents[-1] if self.parents else None

    @property
    def function(self) -> cst.FunctionDef | cst.Lambda | None:
        for node in reversed(self.scopes):
            if isinstance(node, FUNCTION_TYPES):
                return node
        return None

    @property
    def in_async_function(self) -> bool:
        func = self.function
        return isinstance(func, cst.FunctionDef) and func.asynchronous is not None

    @property
    def class_def(self) -> cst.ClassDef | None:
        for node in reversed(self.scopes):
            if isinstance(node, cst.ClassDef):
                return node
        return None

    def _within_function(self, types: tuple[type, ...]) -> list[Any]:
        """Scopes of the given types inside the innermost function (or module)."""
        found = []
        for node in reversed(self.scopes):
            if isinstance(node, FUNCTION_TYPES):
                break
            if isinstance(node, types):
                found.append(node)
        return found[::-1]

    @property
    def loops(self) -> list[Any]:
        """Enclosing loops and comprehensions within the current function, outermost first."""
        return self._within_function(LOOP_TYPES)

    @property
    def in_loop(self) -> bool:
        return bool(self.loops)

    @property
    def with_blocks(self) -> list[cst.With]:
        return self._within_function((cst.With,))

    @property
    def try_blocks(self) -> list[cst.Try]:
        return self._within_function((cst.Try, cst.TryStar))

    # -- names -----------------------------------------------------------
    def qualified_name(self, node: Any) -> str | None:
        """Dotted name an expression refers to, through import aliases.

        ``sp.run`` -> ``subprocess.run`` after ``import subprocess as sp``;
        builtins and unimported names come back as written; names the module
        defines itself (shadowing a builtin) and non-name expressions give None.
        """
        if isinstance(node, cst.Name):
            name = node.value
            if name in self.imports:
                return self.imports[name]
            return None if name in self.module_names else name
        if isinstance(node, cst.Attribute):
            base = self.qualified_name(node.value)
            return f"{base}.{node.attr.value}" if base else None
        return None

    def call_name(self, node: Any) -> str | None:
        """Qualified name of a call's callee, or None."""
        return self.qualified_name(node.func) if isinstance(node, cst.Call) else None

    @cached_property
    def python_ast(self) -> ast.AST | None:
        """The file as a stdlib ``ast`` tree, parsed once for all rules that want one (None if it fails)."""
        try:
            return ast.parse(self.source.text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None

    def code_of(self, node: Any) -> str:
        return self.module.code_for_node(node) if self.module is not None else ""

    # -- engine hooks ----------------------------------------------------
    def add_import(self, node: cst.Import | cst.ImportFrom) -> None:
        if isinstance(node, cst.Import):
            for alias in node.names:
                dotted = _dotted(alias.name)
                if alias.asname is not None:
                    self.imports[_dotted(alias.asname.name)] = dotted
                else:
                    head = dotted.split(".")[0]
                    self.imports[head] = head
            return
        if isinstance(node.names, cst.ImportStar):
            return
        module = "." * len(node.relative) + (_dotted(node.module) if node.module else "")
        for alias in node.names:
            name = _dotted(alias.name)
            local = _dotted(alias.asname.name) if alias.asname is not None else name
            self.imports[local] = f"{module}.{name}" if not module.endswith(".") else module + name


def _dotted(node: Any) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def module_level_names(module: cst.Module) -> set[str]:
    """Names a module binds at top level with def/class/assignment (not imports)."""
    names: set[str] = set()
    for stmt in module.body:
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            names.add(stmt.name.value)
        elif isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                targets = []
                if isinstance(small, cst.Assign):
                    targets = [t.target for t in small.targets]
                elif isinstance(small, (cst.AnnAssign, cst.AugAssign)):
                    targets = [small.target]
                names.update(t.value for t in targets if isinstance(t, cst.Name))
    return names
