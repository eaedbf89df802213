"""A light intra-procedural taint tracker for the security rules.

It follows values from *sources* (web request data and route parameters, which
are ``remote``; ``sys.argv``, ``input()``, argparse and click values, which are
``local``) through assignments, f-strings, ``+``, ``%``, ``.format``, ``join``,
string methods and simple containers, inside one function, and one step
through the module's own top-level helper functions (a call carries the taint
of the arguments that reach the helper's return value). Sanitisers such as
``int()``, ``shlex.quote``, ``secure_filename`` or ``os.path.basename`` end a
flow. It is deliberately cheap: no libcst metadata, one dict of names per
function, updated from ``visit_``/``leave_`` hooks during the engine's single
traversal. Rules use it by subclassing :class:`TaintRule`; every taint rule of a
file shares one :class:`Tracker` (stored on the FileContext), so the work is done
once per node however many rules ask.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

import libcst as cst

from codeaudit.concurrency.index import dotted
from codeaudit.rule import PythonRule

REMOTE = "remote"
LOCAL = "local"

#: Attributes of a web request object that carry client-controlled data.
REQUEST_ATTRS = frozenset({
    "args", "form", "values", "json", "files", "cookies", "headers", "data", "get_json", "get_data",
    "view_args", "GET", "POST", "FILES", "COOKIES", "META", "body", "query_params", "path_params",
    "stream", "query_string", "full_path", "params", "match_info", "query", "content", "text", "read",
    "path", "url", "raw_uri", "host",
})  # fmt: skip
#: Names a request object usually goes by.
REQUEST_NAMES = frozenset({"request", "req"})
#: Calls that return user input.
SOURCE_CALLS = {"input": LOCAL, "raw_input": LOCAL, "builtins.input": LOCAL}
SOURCE_NAMES = {"sys.argv": LOCAL}
#: Calls whose result no longer carries the caller's string (sanitisers).
SANITIZERS = frozenset({
    "int", "float", "bool", "len", "abs", "round", "ord", "hash", "id", "isinstance", "type",
    "shlex.quote", "pipes.quote", "shlex.join", "secure_filename", "werkzeug.utils.secure_filename",
    "werkzeug.secure_filename", "os.path.basename", "posixpath.basename", "ntpath.basename",
    "uuid.UUID", "UUID", "html.escape", "markupsafe.escape", "flask.escape", "escape", "bleach.clean",
    "urllib.parse.quote", "urllib.parse.quote_plus", "quote", "quote_plus", "re.escape",
    "safe_join", "werkzeug.utils.safe_join", "werkzeug.security.safe_join", "flask.safe_join",
    "django.utils.http.url_has_allowed_host_and_scheme", "datetime.date.fromisoformat",
    "datetime.datetime.fromisoformat", "date.fromisoformat", "datetime.fromisoformat",
    "decimal.Decimal", "Decimal", "ipaddress.ip_address", "sorted", "min", "max", "sum", "any", "all",
    "hashlib.sha256", "hashlib.sha1", "hashlib.md5", "hashlib.sha512", "hmac.new", "hmac.compare_digest",
    "os.path.exists", "os.path.isfile", "os.path.isdir", "json.dumps",
})  # fmt: skip
#: Calls that pass their arguments' taint on to the result.
PROPAGATORS = frozenset({
    "str", "repr", "bytes", "bytearray", "list", "tuple", "set", "dict", "os.path.join", "os.path.abspath",
    "os.path.normpath", "os.path.realpath", "os.path.expanduser", "os.fspath", "pathlib.Path", "Path",
    "pathlib.PurePath", "PurePath", "pathlib.PurePosixPath", "urllib.parse.urljoin", "urljoin",
    "urllib.parse.unquote", "unquote", "base64.b64decode", "base64.urlsafe_b64decode", "base64.b64encode",
    "io.BytesIO", "io.StringIO", "json.loads", "codecs.decode", "textwrap.dedent", "posixpath.join",
    "bytes.fromhex", "zlib.decompress", "gzip.decompress", "yaml.load", "yaml.safe_load", "yaml.full_load",
    "yaml.unsafe_load", "tomllib.loads", "tomli.loads",
})  # fmt: skip
#: String/containers methods whose result is not a string derived from the receiver.
NON_PROPAGATING_METHODS = frozenset({
    "isdigit", "isalnum", "isalpha", "isdecimal", "isnumeric", "isidentifier", "isspace", "islower",
    "isupper", "startswith", "endswith", "count", "find", "rfind", "index", "rindex", "exists", "is_file",
    "is_dir", "is_relative_to", "save", "close", "keys",
})  # fmt: skip
ROUTE_DECORATORS = frozenset({"route", "get", "post", "put", "delete", "patch", "api_route", "websocket", "head", "options"})
CLICK_DECORATORS = frozenset({"click.command", "click.option", "click.argument", "click.group"})
#: FastAPI parameter annotations that are not attacker-controlled strings.
SAFE_ANNOTATIONS = frozenset({
    "int", "float", "bool", "UUID", "uuid.UUID", "date", "datetime", "Decimal", "Request", "Response",
    "BackgroundTasks", "Session", "WebSocket", "AsyncSession", "HTTPConnection", "datetime.date",
    "datetime.datetime", "PositiveInt", "conint", "Connection",
})  # fmt: skip
_FLASK_PARAM = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
_SAFE_CONVERTERS = frozenset({"int", "float", "uuid"})


@dataclass(frozen=True)
class Origin:
    """Where a tainted value came from: the source expression and its kind."""

    kind: str  # REMOTE or LOCAL
    source: Any  # the libcst node of the source expression (or a parameter Name)
    via: str = ""  # the first variable the value was stored in
    param: bool = False  # a route/CLI parameter rather than an expression


class Tracker:
    """Per-file taint state; one per FileContext, fed by TaintRule hooks."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.frames: list[dict[str, Origin | None]] = [{}]
        self.values: list[dict[str, Any]] = [{}]
        self._last: dict[str, Any] = {}
        self._lines: dict[int, int] = {}

    # -- hook dedupe: several rules forward the same node ----------------------
    def first_time(self, hook: str, node: Any) -> bool:
        if self._last.get(hook) is node:
            return False
        self._last[hook] = node
        return True

    # -- scopes ---------------------------------------------------------------
    def enter_function(self, node: cst.FunctionDef) -> None:
        frame: dict[str, Origin | None] = {}
        self.frames.append(frame)
        self.values.append({})
        for name, kind in self._tainted_params(node):
            frame[name] = Origin(kind, name, name, param=True)

    def leave_function(self) -> None:
        if len(self.frames) > 1:
            self.frames.pop()
            self.values.pop()

    def _tainted_params(self, node: cst.FunctionDef) -> list[tuple[str, str]]:
        params = [p for p in (*node.params.posonly_params, *node.params.params, *node.params.kwonly_params)]
        names = [p.name.value for p in params]
        found: list[tuple[str, str]] = []
        for decorator in node.decorators:
            target = decorator.decorator
            call = target if isinstance(target, cst.Call) else None
            func = call.func if call else target
            qualified = self.ctx.qualified_name(func) or ""
            if qualified in CLICK_DECORATORS or qualified.endswith((".command", ".option", ".argument")) and "click" in qualified:
                return [(n, LOCAL) for n in names if n not in ("self", "ctx")]
            if not isinstance(func, cst.Attribute) or func.attr.value not in ROUTE_DECORATORS:
                continue
            path = call.args[0].value if call and call.args else None
            path_text = path.evaluated_value if isinstance(path, cst.SimpleString) else None
            if isinstance(path_text, bytes):
                path_text = None
            if path_text and "<" in path_text:  # Flask/Werkzeug rule: only the converted parts
                for converter, name in _FLASK_PARAM.findall(path_text):
                    if converter not in _SAFE_CONVERTERS and name in names:
                        found.append((name, REMOTE))
                return found
            if func.attr.value == "route":
                return found
            for param in params:  # FastAPI/Starlette style: every plain parameter is client data
                if param.name.value in ("self", "cls") or _is_dependency(param) or _safe_annotation(self.ctx, param):
                    continue
                found.append((param.name.value, REMOTE))
            return found
        cli = None if node.decorators else self._cli_fed_params().get(node.name.value)
        if cli and self.ctx.module is not None and any(stmt is node for stmt in self.ctx.module.body):
            positional = [p.name.value for p in (*node.params.posonly_params, *node.params.params)]
            for key in cli:
                name = positional[key] if isinstance(key, int) and key < len(positional) else key
                if isinstance(name, str) and name in names and (name, LOCAL) not in found:
                    found.append((name, LOCAL))
        plain = [p for p in params if p.name.value not in ("self", "cls")]
        path = self.ctx.path.replace("\\", "/")
        in_views = "views" in path.rsplit("/", 1)[-1] or "/views/" in path
        if in_views and plain and plain[0].name.value == "request":  # Django-style view: URL kwargs follow request
            for param in plain[1:]:
                if not _safe_annotation(self.ctx, param) and param.default is None:
                    found.append((param.name.value, REMOTE))
        return found

    def _cli_fed_params(self) -> dict[str, set]:
        """Module functions called with a parsed command-line value: `archive(conn, args.table)` where
        `args = parser.parse_args(...)` (or `sys.argv[i]`) in the caller -> {"archive": {1}}. One pass, cached."""
        cached = self.__dict__.get("_cli_params")
        if cached is not None:
            return cached
        cached = {}
        self.__dict__["_cli_params"] = cached
        if b"parse_args" not in self.ctx.source.data and b"argv" not in self.ctx.source.data:
            return cached  # checked before the tree: most files never need the stdlib ast at all
        tree = self.ctx.python_ast
        if tree is None:
            return cached
        for func in ast.walk(tree):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            parsed = {t.id for n in ast.walk(func) if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call)
                      and isinstance(n.value.func, ast.Attribute)
                      and n.value.func.attr in ("parse_args", "parse_known_args")
                      for t in n.targets if isinstance(t, ast.Name)}
            if not parsed and b"argv" not in self.ctx.source.data:
                continue
            for call in ast.walk(func):
                if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
                    continue
                for key, value in [*enumerate(call.args), *((k.arg, k.value) for k in call.keywords if k.arg)]:
                    if _cli_value(value, parsed):
                        cached.setdefault(call.func.id, set()).add(key)
        return cached

    # -- assignments --------------------------------------------------------------
    def assign(self, target: Any, value: Any, augmented: bool = False) -> None:
        origin = self.origin(value)
        for name in _target_names(target):
            if augmented:
                origin = origin or self.frames[-1].get(name)
            self.frames[-1][name] = _via(origin, name, value)
            self.values[-1][name] = value

    def mutate(self, call: Any) -> None:
        """`parts.append(value)` / `clauses.extend(...)` / `params.update(...)`: the container now holds the value."""
        func = call.func
        if type(func) is not cst.Attribute or func.attr.value not in _MUTATORS or type(func.value) is not cst.Name:
            return
        name = func.value.value
        if self.frames[-1].get(name) is not None:
            return
        for argument in call.args:
            origin = self.origin(argument.value)
            if origin is not None:
                self.frames[-1][name] = _via(origin, name)
                return

    def bind_loop(self, target: Any, iterable: Any) -> None:
        origin = self.origin(iterable)
        for name in _target_names(target):
            self.frames[-1][name] = _via(origin, name)
            self.values[-1].pop(name, None)

    def assigned_value(self, name: str) -> Any:
        return self.values[-1].get(name)

    # -- queries -------------------------------------------------------------------
    def origin(self, node: Any, depth: int = 0) -> Origin | None:
        """The taint origin of an expression, or None when it carries no user input."""
        if node is None or depth > 40:
            return None
        t = type(node)
        if t is cst.Name:
            if node.value in self.frames[-1]:
                return self.frames[-1][node.value]
            qualified = self.ctx.qualified_name(node)
            return Origin(SOURCE_NAMES[qualified], node) if qualified in SOURCE_NAMES else None
        if t is cst.Attribute or t is cst.Subscript:
            kind = self._request_source(node)
            if kind:
                return Origin(kind, node)
            qualified = self.ctx.qualified_name(node) if t is cst.Attribute else None
            if qualified in SOURCE_NAMES:
                return Origin(SOURCE_NAMES[qualified], node)
            return self.origin(node.value, depth + 1)
        if t is cst.Call:
            return self._call_origin(node, depth)
        if t is cst.FormattedString:
            for part in node.parts:
                if type(part) is cst.FormattedStringExpression:
                    found = self.origin(part.expression, depth + 1)
                    if found:
                        return found
            return None
        if t in (cst.BinaryOperation, cst.BooleanOperation, cst.ConcatenatedString):
            return self.origin(node.left, depth + 1) or self.origin(node.right, depth + 1)
        if t in (cst.List, cst.Tuple, cst.Set):
            for element in node.elements:
                found = self.origin(element.value, depth + 1)
                if found:
                    return found
            return None
        if t is cst.Dict:
            for element in node.elements:
                found = self.origin(getattr(element, "value", None), depth + 1)
                if found:
                    return found
            return None
        if t is cst.IfExp:
            if _membership_guard(node.test, node.body):  # x if x in ALLOWED else "default"
                return self.origin(node.orelse, depth + 1)
            return self.origin(node.body, depth + 1) or self.origin(node.orelse, depth + 1)
        if t is cst.Await:
            return self.origin(node.expression, depth + 1)
        if t is cst.NamedExpr:
            return self.origin(node.value, depth + 1)
        if t in (cst.GeneratorExp, cst.ListComp, cst.SetComp):
            for comp in _comprehensions(node.for_in):
                found = self.origin(comp.iter, depth + 1)
                if found:
                    return found
            return self.origin(node.elt, depth + 1)
        return None

    def _request_source(self, node: Any) -> str | None:
        """``request.args``, ``request.GET[...]``, ``self.request.body``: REMOTE."""
        if type(node) is cst.Subscript:
            return None
        attr = node.attr.value
        base = node.value
        if attr not in REQUEST_ATTRS:
            return None
        if type(base) is cst.Name and base.value in REQUEST_NAMES:
            if self.ctx.qualified_name(base) in ("requests", "urllib.request"):
                return None
            return REMOTE
        if type(base) is cst.Attribute and base.attr.value == "request":
            return REMOTE
        return None

    def _call_origin(self, node: cst.Call, depth: int) -> Origin | None:
        func = node.func
        name = self.ctx.qualified_name(func)
        if name in SOURCE_CALLS:
            return Origin(SOURCE_CALLS[name], node)
        if name in SANITIZERS:
            return None
        if type(func) is cst.Attribute:
            method = func.attr.value
            if method in ("parse_args", "parse_known_args") and not node.args:
                return Origin(LOCAL, node)
            if method in NON_PROPAGATING_METHODS:
                return None
            if method == "replace" and len(node.args) >= 2:  # s.replace(old, new): `new` ends up in the result
                return self.origin(func.value, depth + 1) or self.origin(node.args[1].value, depth + 1)
            if method in ("format", "join", "format_map"):
                for arg in node.args:
                    found = self.origin(arg.value, depth + 1)
                    if found:
                        return found
                return self.origin(func.value, depth + 1) if method == "format" else None
            if name in PROPAGATORS:
                return self._args_origin(node, depth)
            kind = self._request_source(func)
            if kind:  # request.get_json(), request.args.get("q") handled via the receiver below
                return Origin(kind, node)
            if type(func.value) is cst.Name and func.value.value == "self" and depth < 20:
                cls = self.ctx.class_def
                return self._helper_origin(node, method, depth, cls) if cls is not None else None
            return self.origin(func.value, depth + 1)
        if name in PROPAGATORS:
            return self._args_origin(node, depth)
        if type(func) is cst.Name and depth < 20:
            return self._helper_origin(node, func.value, depth)
        return None

    # -- one step through the module's own helpers -------------------------------
    def _helper_origin(self, node: cst.Call, name: str, depth: int, cls: Any = None) -> Origin | None:
        """`build_filter(field, value)` where the module's own `build_filter` (or `self.build_filter`, a method of
        the enclosing class) returns a string made from `value`: the call carries the taint of the arguments
        that reach the helper's return value."""
        flows = self._helper_flows(name, cls)
        if not flows:
            return None
        positions, keywords = flows
        for index, arg in enumerate(node.args):
            if arg.star:
                continue
            if (arg.keyword is None and index in positions) or (arg.keyword is not None and arg.keyword.value in keywords):
                found = self.origin(arg.value, depth + 1)
                if found:
                    return found
        return None

    def helper_flows(self, name: str) -> tuple[set[int], set[str]] | None:
        """Positions / keywords of the module function `name` whose parameter reaches its return value."""
        return self._helper_flows(name)

    def _helper_flows(self, name: str, cls: Any = None) -> tuple[set[int], set[str]] | None:
        cache = self.__dict__.setdefault("_helpers", {})
        key = (id(cls), name)
        if key in cache:
            return cache[key]
        cache[key] = None  # recursion guard
        if cls is None:
            if name in self.ctx.imports or self.ctx.module is None:
                return None
            body = self.ctx.module.body
        else:
            body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
        func = next((s for s in body if isinstance(s, cst.FunctionDef) and s.name.value == name), None)
        if func is None or func.asynchronous is not None or len(func.body.body) > 25:
            return None
        params = [p.name.value for p in (*func.params.posonly_params, *func.params.params)]
        if cls is not None:
            decorators = {dotted(d.decorator) for d in func.decorators}
            if "property" in decorators:
                return None
            if "staticmethod" not in decorators:
                params = params[1:]  # self / cls is bound by the call
        every = params + [p.name.value for p in func.params.kwonly_params]
        reaching = {n for n in every[:8] if self._reaches_return(func, every, n)}
        if reaching:
            cache[key] = ({i for i, n in enumerate(params) if n in reaching}, reaching)
        return cache[key]

    def _reaches_return(self, func: cst.FunctionDef, params: list[str], tainted: str) -> bool:
        """Does parameter `tainted` (alone) reach a return value of `func`?"""
        frame: dict[str, Origin | None] = {n: None for n in params}
        frame[tainted] = Origin(REMOTE, tainted, tainted, param=True)
        self.frames.append(frame)
        self.values.append({})
        try:
            for n in _walk_statements(func.body):
                t = type(n)
                if t is cst.Assign:
                    for target in n.targets:
                        self.assign(target.target, n.value)
                elif t is cst.AugAssign:
                    self.assign(n.target, n.value, augmented=True)
                elif t is cst.AnnAssign and n.value is not None:
                    self.assign(n.target, n.value)
                elif t is cst.For:
                    self.bind_loop(n.target, n.iter)
                elif t is cst.Expr and type(n.value) is cst.Call:
                    self.mutate(n.value)
                elif t is cst.Return and n.value is not None and self.origin(n.value, 1) is not None:
                    return True
        finally:
            self.frames.pop()
            self.values.pop()
        return False

    def _args_origin(self, node: cst.Call, depth: int) -> Origin | None:
        for arg in node.args:
            found = self.origin(arg.value, depth + 1)
            if found:
                return found
        return None

    def is_static(self, node: Any, depth: int = 0) -> bool:
        """True when an expression is built only from literals and constants (no caller data)."""
        if node is None or depth > 12:
            return False
        t = type(node)
        if t in (cst.SimpleString, cst.Integer, cst.Float):
            return True
        if depth == 0 and self.origin(node) is not None:
            return False
        if t is cst.Name:
            if node.value in ("True", "False", "None") or _is_constant_name(node.value):
                return True
            value = self.values[-1].get(node.value)
            return value is not None and node.value not in _params_of(self) and self.is_static(value, depth + 1)
        if t is cst.Attribute:
            return _is_constant_name(node.attr.value) or (type(node.value) is cst.Name and _is_constant_name(node.value.value))
        if t is cst.Subscript:  # ALLOWED[key]: a lookup in a constant table
            return self.is_static(node.value, depth + 1) and type(node.value) in (cst.Name, cst.Attribute)
        if t is cst.Call:
            func = node.func
            name = self.ctx.qualified_name(func) or ""
            if name in ("int", "float", "len", "bool", "abs", "round"):
                return True
            if type(func) is cst.Attribute and func.attr.value == "get":  # ALLOWED.get(key, "name")
                return self.is_static(func.value, depth + 1) and all(self.is_static(a.value, depth + 1) for a in node.args[1:])
            if type(func) is cst.Attribute and func.attr.value in ("join", "format"):
                return self.is_static(func.value, depth + 1) and all(self.is_static(a.value, depth + 1) for a in node.args)
            return False
        if t is cst.IfExp:
            return self.is_static(node.body, depth + 1) and self.is_static(node.orelse, depth + 1)
        if t in (cst.BinaryOperation, cst.ConcatenatedString):
            return self.is_static(node.left, depth + 1) and self.is_static(node.right, depth + 1)
        if t is cst.FormattedString:
            return all(
                type(p) is not cst.FormattedStringExpression or self.is_static(p.expression, depth + 1) for p in node.parts
            )
        if t in (cst.List, cst.Tuple, cst.Set):
            return all(self.is_static(e.value, depth + 1) for e in node.elements)
        if t in (cst.GeneratorExp, cst.ListComp):  # ", ".join("?" for _ in ids)
            return self.is_static(node.elt, depth + 1)
        return False

    def validated(self, origin: Origin) -> bool:
        """The function checks the variable's shape (isalnum(), a regex match, an allow-list lookup)."""
        name = origin.via
        func = self.ctx.function
        if not name or func is None:
            return False
        code = self.ctx.code_of(func)
        checks = (f"{name}.isalnum()", f"{name}.isidentifier()", f"{name}.isdigit()", f"{name}.isdecimal()",
                  f"{name}.isalpha()", f"{name} in ALLOWED", f"{name} not in ALLOWED")  # fmt: skip
        if any(c in code for c in checks):
            return True
        return bool(re.search(rf"(fullmatch|match)\([^)]*\b{re.escape(name)}\b", code))

    # -- messages ---------------------------------------------------------------
    def evidence(self, origin: Origin) -> str:
        """"`q` comes from `request.args.get("q")` on line 12" style text."""
        if origin.param:
            what = "a URL/query parameter of the route" if origin.kind == REMOTE else "a command-line parameter"
            return f"`{origin.via}` is {what}"
        text = _short(self.ctx.code_of(origin.source))
        # an inline source (no variable) sits in the reported expression itself; searching the file for its
        # text would name the first look-alike anywhere (often another function), so name no line then
        line = self._line_of(text, origin.via) if origin.via else None
        where = f" on line {line}" if line else ""
        if origin.via:
            return f"`{origin.via}` comes from `{text}`{where}"
        return f"the value comes from `{text}`{where}"

    def _line_of(self, text: str, name: str) -> int | None:
        """First line holding the source text (and the variable name when known): cheap, no positions."""
        lines = self.ctx.source.text.splitlines()
        probe = text[:40]
        fallback = None
        for number, line in enumerate(lines, 1):
            if probe in line:
                if not name or name in line:
                    return number
                fallback = fallback or number
        return fallback




#: methods that store their argument in the receiver (a list of SQL clauses, a dict of headers...)
_MUTATORS = frozenset({"append", "extend", "insert", "add", "update", "appendleft", "extendleft"})


def _walk_statements(body: Any) -> Any:
    """Statements and small statements of a function body in source order, not entering nested scopes."""
    stack = [body]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        if isinstance(node, cst.SimpleStatementLine):
            stack.extend(reversed(node.body))
            continue
        if isinstance(node, (cst.BaseSmallStatement, cst.BaseExpression)):
            continue
        if isinstance(node, cst.BaseSuite):
            stack.extend(reversed(node.body))
            continue
        kids: list[Any] = []
        for attr in ("body", "handlers", "orelse", "finalbody"):
            value = getattr(node, attr, None)
            if isinstance(value, (tuple, list)):
                kids.extend(value)
            elif isinstance(value, cst.CSTNode):
                kids.append(value)
        stack.extend(reversed(kids))


walk_statements = _walk_statements


def _cli_value(node: Any, parsed: set[str]) -> bool:
    """`args.table` (args from parse_args) or `sys.argv[1]` in the stdlib ast."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.value.id in parsed
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute):
        return node.value.attr == "argv" and isinstance(node.value.value, ast.Name) and node.value.value.id == "sys"
    return False


def _is_constant_name(name: str) -> bool:
    return name.isupper() and any(c.isalpha() for c in name)


def _params_of(tracker: Tracker) -> set[str]:
    func = tracker.ctx.function
    if not isinstance(func, cst.FunctionDef):
        return set()
    p = func.params
    return {x.name.value for x in (*p.posonly_params, *p.params, *p.kwonly_params)}


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _via(origin: Origin | None, name: str, value: Any = None) -> Origin | None:
    if origin is None or origin.via:
        return origin
    source = value if value is not None and not origin.param and type(value) is not cst.Name else origin.source
    return Origin(origin.kind, source, name, origin.param)


def _membership_guard(test: Any, body: Any) -> bool:
    if type(test) is not cst.Comparison or len(test.comparisons) != 1:
        return False
    if type(test.comparisons[0].operator) is not cst.In:
        return False
    return type(body) is cst.Name and type(test.left) is cst.Name and test.left.value == body.value


def _comprehensions(for_in: Any) -> list[Any]:
    found = []
    while for_in is not None:
        found.append(for_in)
        for_in = for_in.inner_for_in
    return found


def _target_names(target: Any) -> list[str]:
    if type(target) is cst.Name:
        return [target.value]
    if type(target) in (cst.Tuple, cst.List):
        names: list[str] = []
        for element in target.elements:
            names.extend(_target_names(element.value))
        return names
    if type(target) is cst.StarredElement:
        return _target_names(target.value)
    return []


def _is_dependency(param: cst.Param) -> bool:
    default = param.default
    if isinstance(default, cst.Call):
        func = default.func
        name = func.value if isinstance(func, cst.Name) else func.attr.value if isinstance(func, cst.Attribute) else ""
        return name in ("Depends", "Security")
    return False


def _safe_annotation(ctx: Any, param: cst.Param) -> bool:
    if param.annotation is None:
        return False
    annotation = param.annotation.annotation
    if isinstance(annotation, cst.Subscript):  # Optional[int], Annotated[int, ...]
        if not annotation.slice:
            return False
        first = annotation.slice[0].slice
        annotation = first.value if isinstance(first, cst.Index) else annotation
    if isinstance(annotation, cst.BinaryOperation):  # int | None
        annotation = annotation.left
    name = ctx.qualified_name(annotation) or ""
    return name.split(".")[-1] in SAFE_ANNOTATIONS or name in SAFE_ANNOTATIONS


def tracker(ctx: Any) -> Tracker:
    """The file's shared tracker (created on first use)."""
    found = getattr(ctx, "_taint_tracker", None)
    if found is None:
        found = Tracker(ctx)
        ctx._taint_tracker = found
    return found


class TaintRule(PythonRule):
    """A PythonRule with access to the shared taint tracker as ``self.taint``.

    Subclasses that define their own ``visit_FunctionDef`` / ``leave_FunctionDef``
    / ``visit_Assign`` ... must call ``super()``.
    """

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.taint = tracker(ctx)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self.taint.first_time("enter", node):
            self.taint.enter_function(node)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self.taint.first_time("leave", node):
            self.taint.leave_function()

    def leave_Assign(self, node: cst.Assign) -> None:
        if self.taint.first_time("assign", node):
            for target in node.targets:
                self.taint.assign(target.target, node.value)

    def leave_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None and self.taint.first_time("annassign", node):
            self.taint.assign(node.target, node.value)

    def leave_AugAssign(self, node: cst.AugAssign) -> None:
        if self.taint.first_time("augassign", node):
            self.taint.assign(node.target, node.value, augmented=True)

    def visit_For(self, node: cst.For) -> None:
        if self.taint.first_time("for", node):
            self.taint.bind_loop(node.target, node.iter)

    def leave_Expr(self, node: cst.Expr) -> None:
        if type(node.value) is cst.Call and self.taint.first_time("expr", node):
            self.taint.mutate(node.value)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None and self.taint.first_time("with", node):
            self.taint.assign(node.asname.name, node.item)

    def leave_NamedExpr(self, node: cst.NamedExpr) -> None:
        if self.taint.first_time("walrus", node):
            self.taint.assign(node.target, node.value)

    # -- helpers for sinks ------------------------------------------------------
    def dynamic_parts(self, parts: list[Any]) -> list[Any]:
        """The parts of a built string that are neither constants nor sanitised."""
        found = []
        for part in parts:
            if self.taint.is_static(part):
                continue
            if isinstance(part, cst.Call) and (self.ctx.call_name(part) or "") in SANITIZERS:
                continue
            found.append(part)
        return found

    def function_code(self) -> str:
        """Source text of the enclosing function (computed once per function, on demand)."""
        func = self.ctx.function
        if func is None:
            return ""
        cache = self.taint.__dict__.setdefault("_code_cache", {})
        key = id(func)
        if key not in cache:
            cache.clear()
            cache[key] = self.ctx.code_of(func)
        return cache[key]

    def validated(self, origin: Origin) -> bool:
        return self.taint.validated(origin)

    def function_mentions(self, *needles: str) -> bool:
        code = self.function_code()
        return any(n in code for n in needles)

    def tainted(self, node: Any, remote_only: bool = False) -> Origin | None:
        origin = self.taint.origin(node)
        if origin is not None and remote_only and origin.kind != "remote":
            return None
        return origin
