from codeaudit.js import call_args, callee_method, text, walk
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

#: Library deep-merge / path-set functions that walk attacker-chosen keys.
_LIBRARY_MERGES = {"lodash.merge", "lodash.mergeWith", "lodash.defaultsDeep", "lodash.set", "lodash.setWith",
                   "lodash.zipObjectDeep", "deepmerge", "merge", "deep-extend", "lodash.merge.default", "dot-prop.set",
                   "set-value", "jquery.extend", "$.extend", "jQuery.extend", "object-path.set", "mixin-deep"}
_GUARDS = ("__proto__", "hasOwnProperty", "hasOwn", "Object.create(null)", "constructor", "prototype")


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
    ]
    INVALID = [
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

    def _unsafe_recursive_merge(self, name):
        fn = self.js.functions.get(name)
        if fn is None:
            return False
        body = text(fn)
        if any(guard in body for guard in _GUARDS):
            return False
        recursive = computed_write = False
        for node in walk(fn):
            if node.type == "call_expression" and callee_method(node) == name:
                recursive = True
            elif node.type == "assignment_expression":
                left = node.child_by_field_name("left")
                if left is not None and left.type == "subscript_expression":
                    computed_write = True
        return recursive and computed_write
