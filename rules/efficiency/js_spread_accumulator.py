from codeaudit.js import FUNCTION_TYPES, LOOP_TYPES, callee_method, loops_of, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity


class JsSpreadAccumulator(JsRule):
    """`reduce((acc, x) => ({ ...acc, [k]: v }))` / `acc = [...acc, x]` in a loop: a full copy per item.

    ## What it does
    Reports accumulators rebuilt with spread on every step: a `reduce` callback
    that returns `{ ...acc, ... }` or `[...acc, ...]` (its own accumulator),
    and `acc = { ...acc, ... }` / `acc = [...acc, x]` inside a loop or
    `forEach` callback (not a loop over a written-out list of a few keys).

    ## Why is this bad
    Each step copies everything accumulated so far: n items cost 1 + 2 + ... + n
    copies, O(n^2) time and garbage. 10,000 rows mean about 50 million property
    copies; the "immutable" style buys nothing because the accumulator never
    escapes the loop.

    ## Example
    ```javascript
    const byId = users.reduce((acc, u) => ({ ...acc, [u.id]: u }), {});
    ```

    ## Use instead
    ```javascript
    const byId = Object.fromEntries(users.map((u) => [u.id, u]));
    // or mutate the private accumulator: reduce((acc, u) => { acc[u.id] = u; return acc; }, {})
    ```
    """

    code = "EFF112"
    slug = "js-spread-accumulator"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    query = """
    (object (spread_element (identifier) @acc)) @copy
    (array (spread_element (identifier) @acc)) @copy
    """

    VALID = [
        "const merged = { ...defaults, ...options };\nconst all = [...a, ...b];\n",
        # a copy of the item, not of the accumulator; a reducer of an application state
        "for (const item of items) {\n  const next = { ...item, seen: true };\n  out.push(next);\n}\n"
        "function reducer(state, action) {\n  return { ...state, count: state.count + 1 };\n}\n",
        # a loop over two written-out keys
        "for (const k of ['anyOf', 'oneOf']) {\n  if (json[k]) json = { ...json, [k]: fix(json[k]) };\n}\n"
        "const flat = parts.reduce((a, b) => a.concat(b), []);\n"
        "const totals = rows.reduce((acc, r) => {\n  acc[r.k] = (acc[r.k] || 0) + r.n;\n  return acc;\n}, {});\n",
    ]
    INVALID = [
        "const byId = users.reduce((acc, u) => ({ ...acc, [u.id]: u }), {});  // expect: EFF112\n",
        ("typescript", "function ids(rows: Row[]) {\n  let out: string[] = [];\n  for (const r of rows) {\n"
                       "    out = [...out, r.id];  // expect: EFF112\n  }\n  return out;\n}\n"),
        "const flat = groups.reduce((acc, g) => {\n  return [...acc, ...g.items];  // expect: EFF112\n}, []);\n",
        "let index = {};\npages.forEach((p) => {\n  index = { ...index, [p.slug]: p };  // expect: EFF112\n});\n",
    ]

    def check(self, captures):
        copy, acc = captures["copy"][0], captures["acc"][0]
        name = text(acc)
        if strip_parens(copy).named_children and strip_parens(copy).named_children[0].type != "spread_element":
            return  # `{ key, ...acc }` puts the copy last: still a copy, but rare; keep to the common shape
        target = self._reduce_accumulator(copy)
        if target is not None:
            if target != name:
                return
        elif not self._reassigned_in_loop(copy, name):
            return
        self.report(copy, f"copies the whole accumulator '{name}' on every item (O(n^2) overall); mutate it in "
                          "place (acc[key] = value / acc.push(x)) or build it once (Object.fromEntries, map, flat)")

    @staticmethod
    def _reduce_accumulator(copy):
        """The accumulator's name when ``copy`` is the value a reduce callback returns."""
        node = copy
        parent = node.parent
        while parent is not None and parent.type == "parenthesized_expression":
            node, parent = parent, parent.parent
        if parent is not None and parent.type == "return_statement":
            fn = parent.parent
            while fn is not None and fn.type not in FUNCTION_TYPES:
                fn = fn.parent
        elif parent is not None and parent.type == "arrow_function" and parent.child_by_field_name("body") == node:
            fn = parent
        else:
            return None
        if fn is None or fn.parent is None or fn.parent.type != "arguments":
            return None
        call = fn.parent.parent
        if call is None or callee_method(call) not in ("reduce", "reduceRight"):
            return None
        params = fn.child_by_field_name("parameters")
        items = [p for p in params.named_children if p.type != "comment"] if params is not None else []
        first = items[0] if items else None
        if first is not None and first.type in ("required_parameter", "optional_parameter"):
            first = first.child_by_field_name("pattern")
        return text(first) if first is not None and first.type == "identifier" else None

    @staticmethod
    def _reassigned_in_loop(copy, name):
        parent = copy.parent
        if parent is None or parent.type != "assignment_expression" or parent.child_by_field_name("right") != copy:
            return False
        if text(parent.child_by_field_name("left")) != name:
            return False
        loops = loops_of(parent, callbacks=True)
        if any(lp.type == "for_in_statement" and strip_parens(lp.child_by_field_name("right")).type == "array"
               for lp in loops):
            return False
        return any(lp.type in LOOP_TYPES or lp.type in FUNCTION_TYPES for lp in loops)
