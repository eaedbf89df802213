from codeaudit.js import call_args, loops_of, strip_parens
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity


class JsJsonRoundtripInLoop(JsRule):
    """`JSON.parse(JSON.stringify(x))` deep copy inside a loop.

    ## What it does
    Reports the JSON round-trip copy idiom when it runs once per iteration of a
    loop (`for`, `while`, or an array callback such as `forEach`/`map`).

    ## Why is this bad
    Each copy serialises and re-parses the whole object: allocation-heavy and
    slow (and it silently drops `Date`s, `undefined`, `Map`s). Inside a loop the
    cost is multiplied by the number of items.

    ## Example
    ```javascript
    for (const contact of contacts) {
      const copy = JSON.parse(JSON.stringify(contact));
    }
    ```

    ## Use instead
    Copy only what you change (`{ ...contact }`), or use `structuredClone(contact)`
    when a deep copy is really needed.
    """

    code = "EFF101"
    slug = "js-json-roundtrip-in-loop"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.HIGH
    triggers = (b"JSON",)
    query = "(call_expression) @call"

    VALID = [
        "const copy = JSON.parse(JSON.stringify(TEMPLATE));\n",
        "for (const line of lines) { rows.push(JSON.parse(line)); }\n",
    ]
    INVALID = [
        "for (const c of contacts) {\n  const copy = JSON.parse(JSON.stringify(c));  // expect: EFF101\n}\n",
        ("typescript", "items.forEach((i) => out.push(JSON.parse(JSON.stringify(i))));  // expect: EFF101\n"),
    ]

    def check(self, captures):
        call = captures["call"][0]
        if self.js.call_name(call) != "JSON.parse":
            return
        args = call_args(call)
        inner = strip_parens(args[0]) if args else None
        if inner is None or inner.type != "call_expression" or self.js.call_name(inner) != "JSON.stringify":
            return
        if len(call_args(inner)) != 1 or not loops_of(call, callbacks=True):
            return
        self.report(call, "JSON round-trip deep copy on every iteration: serialises the whole object each time; "
                          "copy with spread or structuredClone, or hoist the copy out of the loop")
