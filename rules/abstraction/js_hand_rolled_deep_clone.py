import re

from codeaudit.js import function_name, text, walk
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_CLONE_NAME = re.compile(r"^(deep_?clone|clone_?deep|deep_?copy|copy_?deep|clone|deep_?clone_?(object|obj|value)|"
                         r"clone_?(object|obj|value)_?deep)$", re.I)
_WALKS = ("Array.isArray", "Object.keys", "Object.entries", "Object.assign", "hasOwnProperty")


class JsHandRolledDeepClone(JsRule):
    """A recursive `deepClone()` written by hand.

    ## What it does
    Reports a function named like `deepClone` / `cloneDeep` / `deepCopy` /
    `clone` that calls itself recursively to copy arrays and plain objects
    (`Array.isArray`, `Object.keys`/`entries`, `for...in`).

    ## Why is this bad
    Hand-written deep copies miss cases: `Map`/`Set`, typed arrays, `RegExp`,
    class instances (their prototype is lost), getters, and cyclic references
    (stack overflow). `structuredClone()` is built into Node 17+ and every
    current browser and handles all of these; `lodash.clonedeep` does for older
    runtimes.

    ## Example
    ```javascript
    function deepClone(value) {
      if (Array.isArray(value)) return value.map(deepClone);
      if (value && typeof value === 'object') {
        const out = {};
        for (const [k, v] of Object.entries(value)) out[k] = deepClone(v);
        return out;
      }
      return value;
    }
    ```

    ## Use instead
    ```javascript
    const copy = structuredClone(value);
    ```
    """

    code = "ABS104"
    slug = "js-hand-rolled-deep-clone"
    category = Category.ABSTRACTION
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"lone", b"opy")
    query = """
    (function_declaration name: (identifier) @name) @fn
    (variable_declarator name: (identifier) @name value: [(arrow_function) (function_expression)] @fn)
    """

    VALID = [
        "function deepClone(value) {\n  return structuredClone(value);\n}\n",
        # a shallow copy, and a recursive walk that does not copy
        "function clone(o) {\n  return Array.isArray(o) ? [...o] : { ...o };\n}\n"
        "function countKeys(o) {\n  return Object.keys(o).reduce((n, k) => n + 1 + countKeys(o[k] || {}), 0);\n}\n",
    ]
    INVALID = [
        "function deepClone(value) {  // expect: ABS104\n  if (Array.isArray(value)) return value.map(deepClone);\n"
        "  if (value && typeof value === 'object') {\n    const out = {};\n"
        "    for (const [k, v] of Object.entries(value)) out[k] = deepClone(v);\n    return out;\n  }\n  return value;\n}\n",
        ("typescript", "export const cloneDeep = <T>(obj: T): T => {  // expect: ABS104\n"
                       "  if (obj === null || typeof obj !== 'object') return obj;\n"
                       "  const copy: any = Array.isArray(obj) ? [] : {};\n"
                       "  for (const key in obj) copy[key] = cloneDeep((obj as any)[key]);\n  return copy;\n};\n"),
    ]

    def check(self, captures):
        name_node, fn = captures["name"][0], captures["fn"][0]
        name = text(name_node)
        if not _CLONE_NAME.match(name) or function_name(fn) != name:
            return
        body = fn.child_by_field_name("body")
        if body is None:
            return
        source = text(body)
        if "structuredClone" in source or not (any(w in source for w in _WALKS) or "for (" in source and " in " in source):
            return
        recursive = any(n.type == "identifier" and text(n) == name and n.parent is not None
                        and n.parent.type in ("call_expression", "arguments") for n in walk(body))
        if not recursive:
            return
        target = fn.parent if fn.type != "function_declaration" and fn.parent is not None else fn
        self.report(target, f"hand-written recursive {name}(): misses Map/Set/Date/class instances and cycles; "
                            "use the built-in structuredClone() (or lodash cloneDeep)")
