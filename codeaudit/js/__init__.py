"""Minimal name resolution and data-flow helpers for JavaScript / TypeScript.

Built lazily per file (``ctx.js``) from the tree-sitter tree, in one walk:

* ``require``/``import`` bindings (default, named, namespace, aliased, ``node:``
  prefixes, ``require('fs').promises``), so ``cp.exec`` after
  ``const cp = require('child_process')`` and ``run`` after
  ``import { exec as run } from 'node:child_process'`` both resolve to
  ``child_process.exec``;
* instances: ``const pool = new Pool()`` (``pg.Pool``) resolves ``pool.query`` to
  ``pg.Pool().query``; ``const http = axios.create()`` to ``axios.create().get``;
* module-level ``const`` values (to tell constant data from computed data) and
  the names of ``async`` functions declared in the file.

Helpers answer: the enclosing function and whether it is async, whether a node
sits in a loop of its function, whether an expression is constant, and whether
it carries request data (``req.body``, ``req.query``, ``req.params`` ...)
through local variables of the enclosing functions.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

FUNCTION_TYPES = frozenset({
    "function_declaration", "function_expression", "arrow_function", "method_definition",
    "generator_function_declaration", "generator_function", "function",
})  # fmt: skip
LOOP_TYPES = frozenset({"for_statement", "for_in_statement", "while_statement", "do_statement"})
#: Array methods whose callback runs once per element (a loop in all but syntax).
ITERATING_METHODS = frozenset({"forEach", "map", "filter", "reduce", "some", "every", "find", "flatMap"})
REQUEST_OBJECTS = frozenset({"req", "request"})
REQUEST_FIELDS = frozenset({
    "body", "query", "params", "headers", "cookies", "signedCookies", "files", "file", "url", "originalUrl",
    "path", "hostname", "rawBody",
})  # fmt: skip
KOA_CONTEXT_FIELDS = frozenset({"query", "params", "headers", "querystring", "originalUrl", "href"})
REQUEST_METHODS = frozenset({"header", "get", "param"})
#: Calls whose result no longer carries the attacker's string (or only a number/boolean).
SANITIZERS = frozenset({
    "parseInt", "parseFloat", "Number", "Boolean", "Number.parseInt", "Number.parseFloat", "Math.min", "Math.max",
    "path.basename", "encodeURIComponent", "encodeURI", "escape", "escapeHtml", "escapeHTML", "sanitize",
    "DOMPurify.sanitize", "sanitizeHtml", "validator.escape", "he.encode", "xss", "isNaN", "Array.isArray",
})  # fmt: skip
#: Methods whose result is constant when the receiver and arguments are.
PURE_METHODS = frozenset({
    "join", "toUpperCase", "toLowerCase", "trim", "slice", "concat", "replace", "replaceAll", "toString", "repeat",
    "padStart", "padEnd", "toFixed", "map", "filter",
})  # fmt: skip
CONSTANT_LEAVES = frozenset({
    "string", "number", "true", "false", "null", "undefined", "regex", "string_fragment", "escape_sequence",
})  # fmt: skip


def text(node: Any) -> str:
    return node.text.decode("utf-8", "replace") if node is not None else ""


def strip_parens(node: Any) -> Any:
    while node is not None and node.type in ("parenthesized_expression", "as_expression", "non_null_expression",
                                               "satisfies_expression", "type_assertion"):
        inner = [c for c in node.named_children if c.type not in ("type_annotation",)]
        if not inner:
            break
        node = inner[0]
    return node


def string_value(node: Any) -> str | None:
    """The value of a string literal or a template without substitutions."""
    node = strip_parens(node)
    if node is None:
        return None
    if node.type == "string":
        return "".join(text(c) for c in node.named_children)
    if node.type == "template_string" and not any(c.type == "template_substitution" for c in node.named_children):
        return "".join(text(c) for c in node.named_children)
    return None


def module_name(spec: str) -> str:
    """'node:fs/promises' -> 'fs.promises'; './db' stays './db'."""
    if spec.startswith("node:"):
        spec = spec[5:]
    if spec.startswith("."):
        return spec
    return spec.replace("/", ".")


def is_function(node: Any) -> bool:
    return node is not None and node.type in FUNCTION_TYPES


def is_async(fn: Any) -> bool:
    return fn is not None and any(c.type == "async" for c in fn.children)


def enclosing_function(node: Any) -> Any | None:
    node = node.parent
    while node is not None:
        if node.type in FUNCTION_TYPES:
            return node
        node = node.parent
    return None


def function_name(fn: Any) -> str:
    """A function's own name, or the name it is assigned to (const f = () => ...)."""
    if fn is None:
        return ""
    name = fn.child_by_field_name("name")
    if name is not None:
        return text(name)
    parent = fn.parent
    if parent is not None and parent.type == "variable_declarator":
        return text(parent.child_by_field_name("name"))
    if parent is not None and parent.type == "pair":
        return text(parent.child_by_field_name("key"))
    return ""


def callee(call: Any) -> Any:
    """A call's callee without parentheses/casts, and without the `await` that tree-sitter-typescript puts
    inside the callee of `await db.query<Row>(...)` (it parses as `(await db.query)<Row>(...)`)."""
    fn = strip_parens(call.child_by_field_name("function") or call.child_by_field_name("constructor"))
    if fn is not None and fn.type == "await_expression" and fn.named_children:
        fn = strip_parens(fn.named_children[0])
    return fn


def callee_method(call: Any) -> str:
    """The last name of a call's callee: `a.b.c()` -> 'c', `f()` -> 'f'."""
    fn = callee(call)
    if fn is None:
        return ""
    if fn.type == "member_expression":
        return text(fn.child_by_field_name("property"))
    return text(fn) if fn.type == "identifier" else ""


def call_args(call: Any) -> list[Any]:
    args = call.child_by_field_name("arguments")
    if args is None:
        return []
    return [c for c in args.named_children if c.type != "comment"]


def loop_element_names(loop: Any) -> set[str]:
    """Names a loop (from ``loops_of``, callbacks included) binds per iteration: the for-of/for-in
    target, a counting loop's initialised variables, a callback's parameters."""
    if loop.type == "for_in_statement":
        return set(pattern_names(loop.child_by_field_name("left")))
    if loop.type == "for_statement":
        init = loop.child_by_field_name("initializer")
        return identifiers_in(init) if init is not None else set()
    if loop.type in FUNCTION_TYPES:
        params = loop.child_by_field_name("parameters") or loop.child_by_field_name("parameter")
        return identifiers_in(params) if params is not None else set()
    return set()


def loops_of(node: Any, callbacks: bool = False) -> list[Any]:
    """Loops around ``node`` within its function, innermost first.

    A for-of/for-in's iterable and a for loop's initialiser are evaluated outside
    the loop. With ``callbacks``, a function passed to ``arr.forEach/map/...``
    counts as a loop and the walk continues outside it.
    """
    found = []
    child, parent = node, node.parent
    while parent is not None:
        if parent.type in LOOP_TYPES:
            outside = {"right", "initializer"} if parent.type in ("for_in_statement", "for_statement") else set()
            field = _field_of(parent, child)
            if field not in outside:
                found.append(parent)
        elif parent.type in FUNCTION_TYPES:
            if not (callbacks and _is_iterating_callback(parent)):
                break
            found.append(parent)
        child, parent = parent, parent.parent
    return found


def _field_of(parent: Any, child: Any) -> str | None:
    for index, candidate in enumerate(parent.children):
        if candidate.id == child.id:
            return parent.field_name_for_child(index)
    return None


def _is_iterating_callback(fn: Any) -> bool:
    args = fn.parent
    if args is None or args.type != "arguments":
        return False
    call = args.parent
    return call is not None and call.type == "call_expression" and callee_method(call) in ITERATING_METHODS


def walk(node: Any) -> Iterator[Any]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def identifiers_in(node: Any) -> set[str]:
    return {text(n) for n in walk(node) if n.type in ("identifier", "shorthand_property_identifier")}


def pattern_names(pattern: Any) -> list[str]:
    """Names bound by a declarator's name (identifier or destructuring pattern)."""
    if pattern is None:
        return []
    if pattern.type == "identifier":
        return [text(pattern)]
    names = []
    for node in walk(pattern):
        if node.type in ("shorthand_property_identifier_pattern",):
            names.append(text(node))
        elif node.type == "identifier" and node.parent is not None and node.parent.type in (
            "pair_pattern", "array_pattern", "assignment_pattern", "rest_pattern", "object_assignment_pattern",
        ):
            field = _field_of(node.parent, node)
            if field != "key" and field != "right":
                names.append(text(node))
    return names


class JsModule:
    """Bindings of one JS/TS file. Build with ``JsModule(tree.root_node)``."""

    def __init__(self, root: Any) -> None:
        self.root = root
        self.bindings: dict[str, str] = {}
        self.consts: dict[str, Any] = {}  # module-level const name -> value node
        self.async_functions: set[str] = set()
        self.functions: dict[str, Any] = {}  # name -> function node (declared in the file)
        self._locals: dict[int, dict[str, list[Any]]] = {}
        self._collect()

    # -- building --------------------------------------------------------
    def _collect(self) -> None:
        nodes = list(walk(self.root))
        for node in nodes:
            if node.type == "import_statement":
                self._import(node)
        for node in nodes:
            kind = node.type
            if kind == "variable_declarator":
                self._declarator(node)
            elif kind in ("function_declaration", "generator_function_declaration"):
                name = text(node.child_by_field_name("name"))
                self.functions[name] = node
                if is_async(node):
                    self.async_functions.add(name)

    def _import(self, node: Any) -> None:
        source = string_value(node.child_by_field_name("source"))
        if source is None:
            return
        module = module_name(source)
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        if clause is None:
            return
        for child in clause.named_children:
            if child.type == "identifier":  # default import
                self.bindings[text(child)] = module
            elif child.type == "namespace_import":
                ident = next((c for c in child.named_children if c.type == "identifier"), None)
                if ident is not None:
                    self.bindings[text(ident)] = module
            elif child.type == "named_imports":
                for spec in child.named_children:
                    if spec.type != "import_specifier":
                        continue
                    name = spec.child_by_field_name("name")
                    alias = spec.child_by_field_name("alias") or name
                    imported = string_value(name) or text(name)
                    local = text(alias)
                    self.bindings[local] = module if imported == "default" else f"{module}.{imported}"

    def _declarator(self, node: Any) -> None:
        name_node = node.child_by_field_name("name")
        value = strip_parens(node.child_by_field_name("value"))
        if value is None or name_node is None:
            return
        target = self._required(value)
        if target is None and value.type == "call_expression":
            target = self._promisified(value)
        if target is None and value.type in ("new_expression", "call_expression"):
            callee = value.child_by_field_name("constructor") or value.child_by_field_name("function")
            base = self.qualified(callee) if callee is not None else None
            root = text(callee).split(".")[0] if callee is not None else ""
            if base and base != "require" and (value.type == "new_expression" or root in self.bindings):
                target = base + "()"
        elif value.type in ("arrow_function", "function_expression", "function") and name_node.type == "identifier":
            self.functions[text(name_node)] = value
            if is_async(value):
                self.async_functions.add(text(name_node))
        if name_node.type == "identifier":
            decl = node.parent
            if decl is not None and decl.type == "lexical_declaration" and decl.parent is not None and (
                decl.parent.type == "program"
                or (decl.parent.type == "export_statement" and decl.parent.parent is not None
                    and decl.parent.parent.type == "program")
            ) and text(decl.child_by_field_name("kind")) == "const":
                self.consts[text(name_node)] = value
            if target is not None:
                self.bindings[text(name_node)] = target
        elif name_node.type == "object_pattern" and target is not None:
            for child in name_node.named_children:
                if child.type == "shorthand_property_identifier_pattern":
                    self.bindings[text(child)] = f"{target}.{text(child)}"
                elif child.type == "pair_pattern":
                    key, val = child.child_by_field_name("key"), child.child_by_field_name("value")
                    if val is not None and val.type == "identifier":
                        self.bindings[text(val)] = f"{target}.{string_value(key) or text(key)}"

    def _promisified(self, value: Any) -> str | None:
        """'child_process.exec' for promisify(exec) / util.promisify(cp.exec): the wrapper runs the same sink."""
        fn = value.child_by_field_name("function")
        args = call_args(value)
        if fn is None or len(args) != 1 or text(fn).rsplit(".", 1)[-1] != "promisify":
            return None
        wrapped = self.qualified(args[0])
        return wrapped if wrapped is not None and "." in wrapped else None

    def _required(self, value: Any) -> str | None:
        """'fs.promises' for require('fs').promises, 'child_process' for require('node:child_process')."""
        value = strip_parens(value)
        if value is None:
            return None
        if value.type == "await_expression" and value.named_children:
            return self._required(value.named_children[0])
        if value.type == "call_expression":
            fn = value.child_by_field_name("function")
            if fn is not None and fn.type in ("identifier", "import") and text(fn) in ("require", "import"):
                args = call_args(value)
                spec = string_value(args[0]) if args else None
                return module_name(spec) if spec is not None else None
            return None
        if value.type == "member_expression":
            base = self._required(value.child_by_field_name("object"))
            if base is not None:
                return f"{base}.{text(value.child_by_field_name('property'))}"
        return None

    # -- queries ---------------------------------------------------------
    def qualified(self, node: Any) -> str | None:
        """Dotted name of an expression through the file's bindings, or None."""
        node = strip_parens(node)
        if node is None:
            return None
        if node.type in ("identifier", "this"):
            name = text(node)
            return self.bindings.get(name, name)
        if node.type == "member_expression":
            base = self.qualified(node.child_by_field_name("object"))
            prop = node.child_by_field_name("property")
            return f"{base}.{text(prop)}" if base and prop is not None else None
        if node.type == "call_expression":
            required = self._required(node)
            if required is not None:
                return required
        return None

    def call_name(self, call: Any) -> str | None:
        fn = callee(call)
        return self.qualified(fn) if fn is not None else None

    def local_values(self, fn: Any) -> dict[str, list[Any]]:
        """Name -> values assigned in ``fn``'s own body (declarations and assignments)."""
        key = fn.id if fn is not None else -1
        cached = self._locals.get(key)
        if cached is not None:
            return cached
        table: dict[str, list[Any]] = {}
        scope = fn if fn is not None else self.root
        stack = list(scope.children)
        while stack:
            node = stack.pop()
            if node.type in FUNCTION_TYPES:
                continue
            if node.type == "variable_declarator":
                value = node.child_by_field_name("value")
                if value is not None:
                    name = node.child_by_field_name("name")
                    for bound in pattern_names(name):
                        table.setdefault(bound, []).append(value)
            elif node.type in ("assignment_expression", "augmented_assignment_expression"):
                left = node.child_by_field_name("left")
                if left is not None and left.type == "identifier":
                    table.setdefault(text(left), []).append(node.child_by_field_name("right"))
            elif node.type == "for_in_statement":
                left = node.child_by_field_name("left")
                for bound in pattern_names(left):
                    table.setdefault(bound, []).append(node.child_by_field_name("right"))
            stack.extend(node.children)
        self._locals[key] = table
        return table

    def values_of(self, name: str, at: Any) -> list[Any] | None:
        """Values a name may hold at ``at``: local assignments of enclosing functions, then module consts."""
        fn = enclosing_function(at)
        while fn is not None:
            values = self.local_values(fn).get(name)
            if values:
                return values
            params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
            if params is not None and name in identifiers_in(params):
                return None  # a parameter: unknown
            fn = enclosing_function(fn)
        if name in self.consts:
            return [self.consts[name]]
        values = self.local_values(None).get(name)
        return values or None

    # -- constant vs computed --------------------------------------------
    def is_constant(self, node: Any, at: Any = None, depth: int = 0) -> bool:
        """True when ``node`` evaluates to data written in the source (no input)."""
        node = strip_parens(node)
        if node is None or depth > 6:
            return node is None
        kind = node.type
        if kind in CONSTANT_LEAVES:
            return True
        if kind == "template_string":
            return all(
                self.is_constant(sub.named_children[0] if sub.named_children else None, at, depth + 1)
                for sub in node.named_children if sub.type == "template_substitution"
            )
        if kind in ("array", "object"):
            parts = []
            for child in node.named_children:
                if child.type == "pair":
                    parts.append(child.child_by_field_name("value"))
                elif child.type in ("comment",):
                    continue
                else:
                    parts.append(child)
            return all(self.is_constant(p, at, depth + 1) for p in parts)
        if kind in ("binary_expression", "ternary_expression", "unary_expression"):
            parts = [c for c in node.named_children]
            if kind == "ternary_expression":
                parts = [node.child_by_field_name("consequence"), node.child_by_field_name("alternative")]
                if _allow_listed(node.child_by_field_name("condition"), parts[0]):
                    parts = parts[1:]
            return all(self.is_constant(p, at, depth + 1) for p in parts)
        if kind == "identifier":
            values = self.values_of(text(node), at if at is not None else node)
            if not values:
                return text(node) == "undefined"
            return all(self.is_constant(v, v, depth + 1) for v in values)
        if kind == "member_expression":
            obj = strip_parens(node.child_by_field_name("object"))
            if obj is not None and obj.type == "identifier" and text(obj) in self.consts:
                return self.is_constant(obj, at, depth + 1)
        if kind == "call_expression":
            fn = strip_parens(node.child_by_field_name("function"))
            args = call_args(node)
            if fn is not None and fn.type == "member_expression" and text(fn.child_by_field_name("property")) in PURE_METHODS:
                return self.is_constant(fn.child_by_field_name("object"), at, depth + 1) and all(
                    self.is_constant(a, at, depth + 1) for a in args)
            if fn is not None and text(fn) in ("String", "Number", "JSON.stringify"):
                return all(self.is_constant(a, at, depth + 1) for a in args)
        return False

    # -- request data ----------------------------------------------------
    def is_request_source(self, node: Any) -> bool:
        """`req.body`, `req.query.x`, `request.params`, `req.header('x')`, `ctx.request.body`."""
        node = strip_parens(node)
        if node is None:
            return False
        if node.type == "call_expression":
            fn = node.child_by_field_name("function")
            if fn is not None and fn.type == "member_expression":
                obj = strip_parens(fn.child_by_field_name("object"))
                if obj is not None and obj.type == "identifier" and text(obj) in REQUEST_OBJECTS:
                    return text(fn.child_by_field_name("property")) in REQUEST_METHODS
            return False
        if node.type not in ("member_expression", "subscript_expression"):
            return False
        chain = []
        current = node
        while current is not None and current.type in ("member_expression", "subscript_expression"):
            prop = current.child_by_field_name("property")
            chain.append(text(prop) if prop is not None else "[]")
            current = strip_parens(current.child_by_field_name("object"))
        if current is None or current.type != "identifier":
            return False
        chain.reverse()
        root = text(current)
        if root == "ctx" and chain:  # Koa: ctx.request.body, ctx.query, ctx.params (ctx.body is the response)
            if chain[0] == "request":
                chain = chain[1:]
                root = "req"
            elif chain[0] in KOA_CONTEXT_FIELDS:
                return True
        return root in REQUEST_OBJECTS and bool(chain) and chain[0] in REQUEST_FIELDS

    def is_tainted(self, node: Any, depth: int = 0, _seen: frozenset = frozenset()) -> bool:
        """Whether an expression carries request data (through locals, not through sanitizers)."""
        node = strip_parens(node)
        if node is None or depth > 8:
            return False
        if self.is_request_source(node):
            return True
        kind = node.type
        if kind in CONSTANT_LEAVES or kind in FUNCTION_TYPES:
            return False
        if kind == "identifier":
            name = text(node)
            if name in _seen:
                return False
            values = self.values_of(name, node)
            if not values:
                return False
            return any(self.is_tainted(v, depth + 1, _seen | {name}) for v in values if v is not None)
        if kind == "ternary_expression":
            consequence = node.child_by_field_name("consequence")
            parts = [node.child_by_field_name("alternative")]
            if not _allow_listed(node.child_by_field_name("condition"), consequence):
                parts.append(consequence)
            return any(self.is_tainted(p, depth + 1, _seen) for p in parts)
        if kind == "call_expression":
            if _strips_to_allowed_chars(node):
                return False
            name = self.call_name(node) or ""
            last = name.rsplit(".", 1)[-1]
            if name in SANITIZERS or last in SANITIZERS or "escape" in last.lower() or "sanitiz" in last.lower():
                return False
            if last in ("includes", "has", "test", "startsWith", "endsWith", "indexOf", "length"):
                return False
            if _STORAGE_LOOKUP.match(last) and node.parent is not None and node.parent.type == "await_expression":
                return False  # `await db.listSubscribers(req.body.event)`: rows from storage, not the request
            fn = node.child_by_field_name("function")
            parts = list(call_args(node))
            if fn is not None and fn.type == "member_expression":
                parts.append(fn.child_by_field_name("object"))
            return any(self.is_tainted(p, depth + 1, _seen) for p in parts)
        if kind in ("member_expression", "subscript_expression"):
            prop = node.child_by_field_name("property")
            if prop is not None and text(prop) == "length":
                return False
            return self.is_tainted(node.child_by_field_name("object"), depth + 1, _seen)
        if kind == "binary_expression":
            operator = node.child_by_field_name("operator")
            if operator is not None and text(operator) in ("===", "!==", "==", "!=", "<", ">", "<=", ">=",
                                                             "instanceof", "in", "&&", "-", "*", "/", "%"):
                return False
        if kind in ("unary_expression",):
            return False
        return any(self.is_tainted(c, depth + 1, _seen) for c in node.named_children if c.type != "comment")


#: Awaited lookups whose result comes from storage (the request only chose the key).
_STORAGE_LOOKUP = re.compile(r"^(list|find|select|count|query|lookup)[A-Z_]|^(findOne|findMany|findUnique|findFirst|"
                             r"findById|findByPk|findAll|count|countDocuments)$")
_NEGATED_CLASS = re.compile(r"^/\[\^[^\]]*\][+*]?/[gimsuy]*$")


def _allow_listed(condition: Any, value: Any) -> bool:
    """`ALLOWED.has(x) ? x : 'default'`: the consequence only holds a member of an allow-list.

    True when the condition is a (non-negated) `.has()`/`.includes()` membership test
    of the same expression as ``value`` (String()/Number() conversions ignored).
    """
    condition = strip_parens(condition)
    value = strip_parens(value)
    if condition is None or value is None or condition.type != "call_expression":
        return False
    if callee_method(condition) not in ("has", "includes"):
        return False
    args = call_args(condition)
    if len(args) != 1:
        return False
    return _unwrapped(args[0]) == _unwrapped(value)


def _unwrapped(node: Any) -> str:
    """Source text of an expression without String()/Number() conversions and parentheses."""
    node = strip_parens(node)
    while node is not None and node.type == "call_expression" and text(node.child_by_field_name("function")) in (
            "String", "Number") and len(call_args(node)) == 1:
        node = strip_parens(call_args(node)[0])
    return text(node)


def _strips_to_allowed_chars(call: Any) -> bool:
    """`s.replace(/[^a-z0-9_-]/g, '')`: everything outside a character allow-list is removed."""
    if callee_method(call) not in ("replace", "replaceAll"):
        return False
    args = call_args(call)
    if len(args) != 2 or strip_parens(args[0]).type != "regex" or string_value(strip_parens(args[1])) != "":
        return False
    return bool(_NEGATED_CLASS.match(text(strip_parens(args[0]))))


_TEST_NAME = re.compile(r"\.(test|spec|e2e|cy)\.[cm]?[jt]sx?$")


def is_test_path(path: str) -> bool:
    """JS/TS test code: `*.test.js`, `*.spec.ts`, files under `__tests__/`, `test/`, `tests/`."""
    parts = str(path).replace("\\", "/").split("/")
    return bool(_TEST_NAME.search(parts[-1])) or any(p in ("__tests__", "test", "tests", "__mocks__") for p in parts[:-1])


def module_for(ctx: Any) -> JsModule:
    """The JsModule of a tree-sitter FileContext (built once per file)."""
    module = getattr(ctx, "js", None)
    if module is None:
        module = JsModule(ctx.tree.root_node)
        ctx.js = module
    return module


# -- network calls and sequential awaits (shared by CON104 / EFF103 / CON103) --------------------------
#: Module roots whose calls go over the network (fetch is a global).
NETWORK_CLIENTS = frozenset({"fetch", "axios", "got", "node-fetch", "undici", "superagent", "needle", "ky",
                             "http", "https", "cross-fetch", "isomorphic-fetch"})


def network_call(js: JsModule, call: Any, depth: int = 0) -> str | None:
    """The callee text when ``call`` makes an HTTP request, directly (fetch, axios, got, http, an instance of
    them such as axios.create()) or through a function of this file that makes one (two levels deep)."""
    fn = strip_parens(call.child_by_field_name("function"))
    if fn is None:
        return None
    root = text(fn).split(".")[0].split("<")[0]
    name = js.call_name(call) or ""
    if (root == "fetch" and "fetch" not in js.functions) or (
            root in js.bindings and name.split(".")[0].split("(")[0] in NETWORK_CLIENTS):
        return text(fn)
    if fn.type == "identifier" and depth < 2 and text(fn) in js.functions:
        if function_makes_network_call(js, text(fn), depth + 1):
            return text(fn)
    return None


def function_makes_network_call(js: JsModule, name: str, depth: int = 0) -> bool:
    cache = js.__dict__.setdefault("_network_fns", {})
    if name in cache:
        return cache[name]
    cache[name] = False  # recursion guard
    fn = js.functions.get(name)
    body = fn.child_by_field_name("body") if fn is not None else None
    found = False
    for node in walk(body) if body is not None else ():
        if node.type == "call_expression" and network_call(js, node, depth) is not None:
            found = True
            break
    cache[name] = found
    return found


_READ_CALL = re.compile(r"^(fetch|get|load|download|read|resolve|lookup|retrieve|request|find|scrape|crawl|stat|"
                        r"head|query|check|ping)", re.I)
_PACING = re.compile(r"sleep|delay|wait|setTimeout|limit|throttle", re.I)


def sequential_await_in_loop(js: JsModule, loop: Any) -> tuple[Any, Any] | None:
    """(await node, call) of the first awaited fetch-like call on the loop variable in a loop whose
    iterations are independent (no break/return/throw/yield, no pacing sleeps), or None."""
    if any(c.type == "await" for c in loop.children):
        return None  # for await
    body = loop.child_by_field_name("body")
    if body is None:
        return None
    if loop.type == "for_in_statement":
        if text(loop.child_by_field_name("operator")) != "of":
            return None
        names = set(pattern_names(loop.child_by_field_name("left")))
    else:
        init = loop.child_by_field_name("initializer")
        names = identifiers_in(init) if init is not None else set()
    if not names:
        return None
    awaits = []
    stack = [body]
    while stack:
        node = stack.pop()
        if node.type in ("break_statement", "return_statement", "throw_statement", "yield_expression"):
            return None
        if node.type == "await_expression":
            awaits.append(node)
        stack.extend(c for c in node.children if c.type not in FUNCTION_TYPES)
    awaits.sort(key=lambda n: n.start_byte)
    found = None
    for node in awaits:
        call = node.named_children[0] if node.named_children else None
        if call is None or call.type != "call_expression":
            continue
        callee = text(call.child_by_field_name("function"))
        if _PACING.search(callee):
            return None
        if found is not None:
            continue
        short = callee.rsplit(".", 1)[-1]
        qualified = js.call_name(call) or ""
        fetchy = (qualified.split(".")[0] in NETWORK_CLIENTS or bool(_READ_CALL.match(short))
                  or network_call(js, call) is not None)
        if short == "query" and re.search(r"\b(insert|update|delete)\b", text(call), re.I):
            fetchy = False
        if fetchy and identifiers_in(call.child_by_field_name("arguments")) & names:
            found = (node, call)
    return found
