import re

from codeaudit.js import enclosing_function, identifiers_in, pattern_names, text, walk, FUNCTION_TYPES
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_READ_CALL = re.compile(r"^(fetch|get|load|download|read|resolve|lookup|retrieve|request|find|scrape|crawl|stat|"
                        r"head|query|check|ping)", re.I)
_CLIENTS = ("fetch", "axios", "got", "http", "https", "undici")


class JsSequentialAwaitInLoop(JsRule):
    """`await` of independent requests one by one inside a `for` loop.

    ## What it does
    Reports a `for...of` (or counting `for`) loop whose body awaits a fetch-like
    call (HTTP clients, or functions named `fetch*/get*/load*/read*/...`) that
    takes the loop variable, when iterations do not depend on each other (no
    `break`/`return`, no sleeps or rate limiting in the loop).

    ## Why is this bad
    Each request waits for the previous one: ten 200 ms calls take two seconds
    instead of 200 ms. When the items are independent, the latency adds up for
    nothing.

    ## Example
    ```javascript
    for (const category of CATEGORIES) {
      products.push(...(await fetchCategory(category)));
    }
    ```

    ## Use instead
    ```javascript
    const pages = await Promise.all(CATEGORIES.map(fetchCategory));
    products.push(...pages.flat());
    ```
    (bound the concurrency with a small pool such as p-limit for large lists)
    """

    code = "CON104"
    slug = "js-sequential-await-in-loop"
    category = Category.CONCURRENCY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    query = "[(for_in_statement) (for_statement)] @loop"

    VALID = [
        "async function f(ids) {\n  for (const id of ids) {\n    const r = await fetchItem(id);\n    if (r.done) break;\n  }\n}\n",
        "async function f(rows) {\n  for (const row of rows) {\n    await client.query('INSERT INTO t VALUES ($1)', [row]);\n  }\n}\n",
        "async function retry() {\n  for (let i = 0; i < 3; i++) {\n    try { return await load(); } catch { await sleep(1000); }\n  }\n}\n",
        "async function f(urls) {\n  for (const u of urls) {\n    await fetch(u);\n    await sleep(500);\n  }\n}\n",
    ]
    INVALID = [
        "async function sync() {\n  for (const c of CATEGORIES) {\n    products.push(...(await fetchCategory(c)));  // expect: CON104\n  }\n}\n",
        ("typescript", "export async function all(urls: string[]) {\n  const out = [];\n  for (const url of urls) {\n"
                       "    const res = await fetch(url);  // expect: CON104\n    out.push(await res.json());\n  }\n  return out;\n}\n"),
    ]

    def check(self, captures):
        loop = captures["loop"][0]
        if any(c.type == "await" for c in loop.children):
            return  # for await
        body = loop.child_by_field_name("body")
        if body is None:
            return
        if loop.type == "for_in_statement":
            names = set(pattern_names(loop.child_by_field_name("left")))
            if text(loop.child_by_field_name("operator")) != "of":
                return
        else:
            init = loop.child_by_field_name("initializer")
            names = identifiers_in(init) if init is not None else set()
        if not names:
            return
        awaits = []
        for node in self._own_nodes(body):
            if node.type in ("break_statement", "return_statement", "throw_statement", "yield_expression"):
                return
            if node.type == "await_expression":
                awaits.append(node)
        if not awaits:
            return
        for node in awaits:
            call = node.named_children[0] if node.named_children else None
            if call is None or call.type != "call_expression":
                continue
            callee = text(call.child_by_field_name("function"))
            short = callee.rsplit(".", 1)[-1]
            if re.search(r"sleep|delay|wait|setTimeout|limit|throttle", callee, re.I):
                return
            qualified = self.js.call_name(call) or ""
            fetchy = qualified.split(".")[0] in _CLIENTS or bool(_READ_CALL.match(short))
            if short == "query" and re.search(r"\b(insert|update|delete)\b", text(call), re.I):
                fetchy = False
            if fetchy and identifiers_in(call.child_by_field_name("arguments")) & names:
                first = node
                self.report(first, f"awaiting {short}() for one item at a time: independent requests run "
                                   "sequentially; start them together with Promise.all (bounded if needed)")
                return

    def _own_nodes(self, body):
        stack = [body]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(c for c in node.children if c.type not in FUNCTION_TYPES)
