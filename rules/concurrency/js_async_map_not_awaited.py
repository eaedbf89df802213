from codeaudit.js import call_args, callee_method, enclosing_function, is_async, is_function, text, walk
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_COMBINATORS = {"all", "allSettled", "any", "race"}


class JsAsyncMapNotAwaited(JsRule):
    """`array.map(async ...)` whose promises are never passed to `Promise.all`.

    ## What it does
    Reports `map` calls with an `async` callback when the resulting array of
    promises is not awaited through `Promise.all/allSettled/any/race` (directly or
    through the variable it is stored in) nor returned.

    ## Why is this bad
    The array holds pending promises, not results: comparisons such as
    `outcome === "upserted"` are always false, work continues in the background,
    and failures become unhandled rejections.

    ## Example
    ```javascript
    const outcomes = products.map(async (p) => upsert(p));
    for (const o of outcomes) if (o === "upserted") n++;
    ```

    ## Use instead
    ```javascript
    const outcomes = await Promise.all(products.map(async (p) => upsert(p)));
    ```
    """

    code = "CON102"
    slug = "js-async-map-not-awaited"
    category = Category.CONCURRENCY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    triggers = (b"map", b"Map")
    query = "(call_expression) @call"

    VALID = [
        "const r = await Promise.all(items.map(async (i) => load(i)));\n",
        "const jobs = items.map(async (i) => load(i));\nconst done = await Promise.allSettled(jobs);\n",
        "function loadAll(items) { return items.map(async (i) => load(i)); }\n",
    ]
    INVALID = [
        "async function sync(products) {\n  const outcomes = products.map(async (p) => {  // expect: CON102\n"
        "    return (await upsert(p)) ? 'upserted' : 'skipped';\n  });\n  return outcomes.filter((o) => o === 'upserted').length;\n}\n",
    ]

    def check(self, captures):
        call = captures["call"][0]
        if callee_method(call) not in ("map", "flatMap"):
            return
        args = call_args(call)
        if not args or not (is_function(args[0]) and is_async(args[0])):
            return
        parent = call.parent
        while parent is not None and parent.type in ("parenthesized_expression", "as_expression"):
            parent = parent.parent
        if parent is None or parent.type in ("arguments", "return_statement", "await_expression", "arrow_function",
                                             "spread_element", "array", "pair", "member_expression"):
            return  # handed on: to Promise.all, a caller, or chained
        if parent.type != "variable_declarator":
            if parent.type == "expression_statement":
                self._report(call)
            return
        name = text(parent.child_by_field_name("name"))
        scope = enclosing_function(call) or self.ctx.tree.root_node
        for node in walk(scope):
            if node.type == "call_expression" and callee_method(node) in _COMBINATORS:
                if any(name in text(a) for a in call_args(node)):
                    return
            if node.type in ("return_statement", "await_expression") and any(
                text(c) == name for c in node.named_children
            ):
                return
        self._report(call)

    def _report(self, call):
        self.report(call, "map with an async callback yields promises that are never awaited; wrap it in "
                          "await Promise.all(...)")
