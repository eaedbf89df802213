from codeaudit.js import strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

#: Zero-argument methods whose *result* is a number or string; the bare reference is a function.
_GLOBAL_FUNCTIONS = frozenset({"Date.now", "performance.now", "Math.random"})
_VALUE_METHODS = frozenset({"getTime", "valueOf", "getFullYear", "getMonth", "getDate", "getDay", "getHours",
                            "getMinutes", "getSeconds", "getMilliseconds", "getTimezoneOffset", "toISOString",
                            "toLowerCase", "toUpperCase", "trim", "toFixed"})
_OPERATORS = frozenset({"<", ">", "<=", ">=", "-", "*", "/", "%", "+", "===", "!==", "==", "!="})


class JsUncalledMethod(JsRule):
    """`Date.now` / `d.getTime` used as a value without calling it.

    ## What it does
    Reports `Date.now`, `performance.now`, `Math.random` and value methods such
    as `.getTime`, `.valueOf`, `.toLowerCase` used without `()` as an operand of
    a comparison or arithmetic operator (`entry.expires < Date.now`).

    ## Why is this bad
    The expression compares or computes with the function object, not with its
    result: `number < function` is always `false`, `Date.now - start` is `NaN`,
    and `a.toLowerCase === b` is never true. Expiry checks silently never fire,
    so stale sessions and cache entries live forever.

    ## Example
    ```javascript
    if (entry.expires < Date.now) delete cache[key];
    ```

    ## Use instead
    ```javascript
    if (entry.expires < Date.now()) delete cache[key];
    ```
    """

    code = "COR103"
    slug = "js-uncalled-method"
    category = Category.CORRECTNESS
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    query = "(binary_expression left: (_) @left operator: _ @op right: (_) @right) @bin"

    VALID = [
        "const schema = { createdAt: { type: Date, default: Date.now } };\nconst age = Date.now() - start;\n",
        "if (typeof obj.getTime === 'function') use(obj);\nconst same = a.toLowerCase() === b.toLowerCase();\n",
        "var native = Date.now !== root.Date.now && Date.now;\n"
        "if (String.prototype.trim === undefined) polyfill();\nif (!Date.now) Date.now = () => +new Date();\n",
    ]
    INVALID = [
        ("typescript", "function fresh(entry: { expires: number }) {\n"
                       "  return entry.expires >= Date.now;  // expect: COR103\n}\n"),
        "const elapsed = performance.now - t0;  // expect: COR103\n",
        "if (user.createdAt.getTime < cutoff) purge(user);  // expect: COR103\n",
    ]

    def check(self, captures):
        op = text(captures["op"][0])
        if op not in _OPERATORS:
            return
        for side, other in (("left", "right"), ("right", "left")):
            node = strip_parens(captures[side][0])
            if node.type != "member_expression":
                continue
            other_node = strip_parens(captures[other][0])
            other_text = text(other_node)
            if other_text in ("undefined", "null") or other_text.startswith(("typeof", "'", '"')):
                continue
            if op in ("===", "!==", "==", "!=") and other_node.type in ("member_expression", "identifier"):
                continue  # `Date.now !== root.Date.now`: comparing two function references is legitimate
            name = text(node)
            prop = text(node.child_by_field_name("property"))
            if name in _GLOBAL_FUNCTIONS or (prop in _VALUE_METHODS and ".prototype." not in name):
                self.report(captures["bin"][0], f"'{name}' is a function, not its result: this {op} works on the "
                                                f"function object (always false or NaN); call it: {name}()")
                return
