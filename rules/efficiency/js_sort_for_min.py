from codeaudit.js import call_args, callee_method, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_SORTS = frozenset({"sort", "toSorted"})


class JsSortForMin(JsRule):
    """Sorting a whole array to take its first or last element.

    ## What it does
    Reports `arr.sort(cmp)[0]`, `[...arr].sort(cmp)[0]`, `arr.sort()[arr.length - 1]`,
    `.sort(cmp).at(-1)`, `.sort(cmp).pop()` / `.shift()` and `.sort().reverse()[0]`:
    a sort whose only use is the smallest or largest element.

    ## Why is this bad
    A sort is O(n log n) and, with the usual `[...arr]` copy, allocates a second
    array, to answer a question that one O(n) pass answers. In a hot path (an
    eviction on every cache insert, a render) this adds up; and `arr.sort()`
    without a copy also reorders the caller's array as a side effect.

    ## Example
    ```javascript
    const oldest = Object.keys(store).sort((a, b) => store[a].at - store[b].at)[0];
    ```

    ## Use instead
    ```javascript
    let oldest;
    for (const k of Object.keys(store)) if (oldest === undefined || store[k].at < store[oldest].at) oldest = k;
    // numbers: Math.min(...values) (or a reduce for long arrays)
    ```
    """

    code = "EFF105"
    slug = "js-sort-for-min"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.HIGH
    query = """
    (subscript_expression object: (call_expression) @sorted) @pick
    (call_expression function: (member_expression object: (call_expression) @sorted
                                                  property: (property_identifier) @method)) @pick
    """

    VALID = [
        "const ranked = [...players].sort((a, b) => b.score - a.score);\nrender(ranked, ranked[0]);\n",
        "const top = items.sort((a, b) => b.n - a.n).slice(0, 10);\n",
        "const lo = [a, b].sort()[0];\nconst parts = line.split(',')[0];\nconst first = rows.map((r) => r.id)[0];\n",
        ("typescript", "const sorted = names.sort();\nconst [head] = pick(sorted);\nconsole.log(sorted.join(', '));\n"),
    ]
    INVALID = [
        "const fastest = latency.length ? [...latency].sort((a, b) => a - b)[0] : null;  // expect: EFF105\n",
        ("typescript", "function evict(store: Record<string, { at: number }>) {\n"
                       "  const oldest = Object.keys(store).sort((a, b) => store[a].at - store[b].at)[0];  // expect: EFF105\n"
                       "  delete store[oldest];\n}\n"),
        "const newest = events.slice().sort((a, b) => a.ts - b.ts).at(-1);  // expect: EFF105\n",
        "const maxPrice = prices.sort((a, b) => a - b)[prices.length - 1];  // expect: EFF105\n",
        "const best = candidates.sort(byScore).reverse()[0];  // expect: EFF105\n",
        "const last = versions.toSorted(compareSemver).pop();  // expect: EFF105\n",
    ]

    def check(self, captures):
        pick, sorted_call = captures["pick"][0], captures["sorted"][0]
        if pick.type == "subscript_expression":
            index = strip_parens(pick.child_by_field_name("index"))
            if index is None or not self._end_index(index):
                return
        else:
            method = text(captures["method"][0])
            if method in ("pop", "shift"):
                if call_args(pick):
                    return
            elif method == "at":
                args = call_args(pick)
                if len(args) != 1 or text(strip_parens(args[0])) not in ("0", "-1"):
                    return
            else:
                return
        if callee_method(sorted_call) == "reverse" and not call_args(sorted_call):
            inner = strip_parens(sorted_call.child_by_field_name("function")).child_by_field_name("object")
            sorted_call = strip_parens(inner)
            if sorted_call is None or sorted_call.type != "call_expression":
                return
        if callee_method(sorted_call) not in _SORTS or len(call_args(sorted_call)) > 1:
            return
        receiver = strip_parens(strip_parens(sorted_call.child_by_field_name("function")).child_by_field_name("object"))
        if receiver is not None and receiver.type == "array" and not any(
                c.type == "spread_element" for c in receiver.named_children):
            return  # [a, b].sort()[0]: a handful of written-out values
        self.report(pick, "sorts the whole array (O(n log n), usually on a copy) only to take its first or last "
                          "element; find the minimum/maximum in one pass (a loop, reduce, or Math.min/Math.max)")

    @staticmethod
    def _end_index(index):
        if index.type == "number":
            return text(index) == "0"
        if index.type == "binary_expression":
            left, right = index.child_by_field_name("left"), index.child_by_field_name("right")
            return (text(index.child_by_field_name("operator")) == "-" and text(right) == "1"
                    and text(left).endswith(".length"))
        return False
