import re

from codeaudit.js import call_args, callee_method, identifiers_in, pattern_names, text, walk
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

#: Library deep-merge / path-set functions that walk attacker-chosen keys.
_LIBRARY_MERGES = {"lodash.merge", "lodash.mergeWith", "lodash.defaultsDeep", "lodash.set", "lodash.setWith",
                   "lodash.zipObjectDeep", "deepmerge", "merge", "deep-extend", "lodash.merge.default", "dot-prop.set",
                   "set-value", "jquery.extend", "$.extend", "jQuery.extend", "object-path.set", "mixin-deep"}
_GUARDS = ("__proto__", "hasOwnProperty", "hasOwn", "Object.create(null)", "constructor", "prototype")


def _exported(source, name):
    """`module.exports = { name }`, `exports.name = name`, `export function name`, `export { name }`."""
    return bool(re.search(r"(module\.exports|\bexports\.\w+|\bexport)\b[^;\n]*\b" + re.escape(name) + r"\b", source)
                or re.search(r"\bexport\s+(default\s+)?(async\s+)?function\s+" + re.escape(name) + r"\b", source))


def _param_names(fn):
    """Plain parameter names, TS-annotated ones included (`into: any`)."""
    params = fn.child_by_field_name("parameters")
    names = []
    for p in params.named_children if params is not None else ():
        node = p.child_by_field_name("pattern") or p.child_by_field_name("left") or p
        if node.type == "identifier":
            names.append(text(node))
    return names


def _source_key_writes(fn, params):
    """`target[key] = ...` where `target` is a parameter and `key` walks the keys of another parameter:
    `for (const key of Object.keys(source))`, `for (k in source)`, `Object.keys(source).forEach((key) => ...)`."""
    key_of = {}  # key variable -> parameters whose keys it walks
    for node in walk(fn):
        if node.type == "for_in_statement":
            walked = identifiers_in(node.child_by_field_name("right")) & set(params)
            for bound in pattern_names(node.child_by_field_name("left")):
                key_of.setdefault(bound, set()).update(walked)
        elif node.type in ("arrow_function", "function_expression") and node.parent is not None \
                and node.parent.type == "arguments" and node.parent.parent is not None:
            call = node.parent.parent
            if callee_method(call) == "forEach":
                walked = identifiers_in(call.child_by_field_name("function")) & set(params)
                names = identifiers_in(node.child_by_field_name("parameters") or node.child_by_field_name("parameter")
                                       or node)
                for bound in names if walked else ():
                    key_of.setdefault(bound, set()).update(walked)
    writes = []
    for node in walk(fn):
        if node.type != "assignment_expression":
            continue
        left = node.child_by_field_name("left")
        if left is None or left.type != "subscript_expression":
            continue
        target, index = text(left.child_by_field_name("object")), left.child_by_field_name("index")
        if target not in params or index is None or index.type != "identifier":
            continue
        if key_of.get(text(index), set()) - {target}:
            writes.append(node)
    return writes


def _code_without_comments(fn):
    data, start, parts = fn.text, fn.start_byte, []
    last = 0
    for node in walk(fn):
        if node.type == "comment":
            parts.append(data[last:node.start_byte - start])
            last = node.end_byte - start
    parts.append(data[last:])
    return b"".join(parts).decode("utf-8", "replace")


def _iterates_keys(fn):
    """The function walks the keys of an object: `for (k in o)`, `for (const k of Object.keys(o))`, `.forEach`."""
    for node in walk(fn):
        if node.type == "for_in_statement":
            right = text(node.child_by_field_name("right"))
            if text(node.child_by_field_name("operator")) == "in" or "Object.keys" in right or "Object.entries" in right:
                return True
        elif node.type == "call_expression" and callee_method(node) in ("keys", "entries", "getOwnPropertyNames"):
            return True
    return False


class JsPrototypePollution(JsRule):
    """Request data deep-merged into an object (prototype pollution).

    ## What it does
    Reports calls that recursively merge or path-set request data: a function
    defined in the same file that copies keys recursively (`target[key] = ...`
    plus a recursive call) without rejecting `__proto__`/`constructor`, and
    library helpers (`_.merge`, `_.defaultsDeep`, `_.set`, `$.extend(true, ...)`,
    `deepmerge`) when an argument carries `req.body`/`req.query` data.

    ## Why is this bad
    A JSON body such as `{"__proto__": {"isAdmin": true}}` makes the merge write
    to `Object.prototype`, so every object in the process suddenly has `isAdmin`.

    ## Example
    ```javascript
    const updated = deepMerge(current, JSON.parse(req.body.prefs));
    ```

    ## Use instead
    Validate the body against a schema, copy only known keys, and skip
    `__proto__`, `constructor` and `prototype` in merge helpers (or use
    `Object.create(null)` targets).
    """

    code = "SEC110"
    slug = "js-prototype-pollution"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    cwe = (1321,)
    query = "(call_expression) @call"

    VALID = [
        "function deepMerge(t, s) {\n  for (const k of Object.keys(s)) {\n    if (k === '__proto__' || k === 'constructor') continue;\n"
        "    if (typeof s[k] === 'object') deepMerge(t[k], s[k]); else t[k] = s[k];\n  }\n}\n"
        "app.post('/p', (req) => deepMerge(prefs, req.body));\n",
        "function deepMerge(t, s) {\n  for (const k in s) { if (typeof s[k] === 'object') deepMerge(t[k], s[k]); else t[k] = s[k]; }\n}\n"
        "deepMerge(defaults, loadConfig());\n",
        "function deepMerge(t, s) {\n  for (const k of Object.keys(s)) {\n"
        "    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;\n"
        "    if (typeof s[k] === 'object') deepMerge(t[k], s[k]); else t[k] = s[k];\n  }\n}\n"
        "module.exports = { deepMerge };\n",
        "function renameKeys(constraints, map) {\n  for (const f of Object.keys(constraints)) {\n"
        "    if (map[f]) { constraints[map[f]] = constraints[f]; delete constraints[f]; }\n"
        "    else if (typeof constraints[f] === 'object') renameKeys(constraints[f], map);\n  }\n}\n"
        "module.exports = { renameKeys };\n",
        "function fill(grid, n) {\n  for (let i = 0; i < n; i++) grid[i] = grid[i - 1] ?? 0;\n  if (n > 0) fill(grid, n - 1);\n}\n"
        "module.exports = { fill };\n",
    ]
    INVALID = [
        "function deepMerge(target, source) {\n  for (const key of Object.keys(source)) {\n"
        "    if (typeof source[key] === 'object') deepMerge(target[key], source[key]);\n"
        "    else target[key] = source[key];  // expect: SEC110\n  }\n  return target;\n}\n"
        "function applyOverrides(defaults, json) {\n  return deepMerge(defaults, JSON.parse(json));\n}\n",
        ("typescript", "export function merge(into: any, from: any) {\n  for (const k in from) {\n"
                       "    if (from[k] && typeof from[k] === 'object') {\n      into[k] = into[k] ?? {};\n"
                       "      merge(into[k], from[k]);\n    } else {\n      into[k] = from[k];  // expect: SEC110\n"
                       "    }\n  }\n  return into;\n}\n"),
        "function deepMerge(t, s) {\n  for (const k of Object.keys(s)) {\n"
        "    if (typeof s[k] === 'object') deepMerge(t[k], s[k]); else t[k] = s[k];\n  }\n  return t;\n}\n"
        "app.patch('/p', (req, res) => {\n  res.json(deepMerge(current, JSON.parse(req.body.prefs)));  // expect: SEC110\n});\n",
        ("typescript", "import _ from 'lodash';\nexport function save(req: Request) {\n"
                       "  return _.merge({}, settings, req.body);  // expect: SEC110\n}\n"),
    ]

    def check(self, captures):
        call = captures["call"][0]
        name = self.js.call_name(call) or ""
        target = None
        if name in _LIBRARY_MERGES or name.rsplit(".", 1)[-1] in ("merge", "defaultsDeep", "mergeWith") and "lodash" in name:
            target = name
        else:
            fn = call.child_by_field_name("function")
            if fn is not None and fn.type == "identifier" and self._unsafe_recursive_merge(text(fn)):
                target = text(fn)
        if target is None:
            return
        if any(self.js.is_tainted(arg) for arg in call_args(call)):
            self.report(call, f"{target}() deep-merges request data: a '__proto__' key pollutes Object.prototype; "
                              "validate the body and skip __proto__/constructor keys")
        elif target in self.js.functions and self._exposed(target, call):
            self._report_merge_write(target)

    def _exposed(self, name, call):
        """The local merge helper is exported or fed parsed JSON, and no call of this file passes request data
        (then the call site is reported instead)."""
        fed_json = any("JSON.parse" in text(a) or self._parsed_json(a, call) for a in call_args(call))
        exported = _exported(self.ctx.source.text, name)
        if not (fed_json or exported):
            return False
        seen = self.js.__dict__.setdefault("_sec110_tainted_calls", {})
        if name not in seen:
            seen[name] = any(
                node.type == "call_expression" and callee_method(node) == name
                and any(self.js.is_tainted(a) for a in call_args(node))
                for node in walk(self.js.root))
        return not seen[name]

    def _parsed_json(self, arg, call):
        if arg.type != "identifier":
            return False
        return any(v is not None and "JSON.parse" in text(v) for v in self.js.values_of(text(arg), call) or [])

    def _report_merge_write(self, name):
        done = self.js.__dict__.setdefault("_sec110_reported", set())
        if name in done:
            return
        done.add(name)
        fn = self.js.functions[name]
        writes = _source_key_writes(fn, _param_names(fn))
        leaf = [n for n in writes if (n.child_by_field_name("right") or n).type == "subscript_expression"]
        node = (leaf or writes)[0]
        self.report(node, f"{name}() copies every key of its source recursively without skipping '__proto__' / "
                          "'constructor': merging parsed JSON pollutes Object.prototype; skip those keys "
                          "(or use Object.create(null) / a schema)")

    def _unsafe_recursive_merge(self, name):
        cache = self.js.__dict__.setdefault("_sec110_unsafe", {})
        if name not in cache:
            cache[name] = self._decide_unsafe_merge(name)
        return cache[name]

    def _decide_unsafe_merge(self, name):
        fn = self.js.functions.get(name)
        if fn is None:
            return False
        body = _code_without_comments(fn)
        if any(guard in body for guard in _GUARDS):
            return False
        recursive = computed_write = False
        param_names = _param_names(fn)
        if len(param_names) < 2:
            return False  # merging needs a target and a source (one-object walkers: freeze, minimize, clone)
        for node in walk(fn):
            if node.type == "call_expression" and callee_method(node) == name:
                recursive = True
                break
        computed_write = bool(recursive and _source_key_writes(fn, param_names))
        return recursive and computed_write and _iterates_keys(fn)
