from codeaudit.js import network_call, sequential_await_in_loop, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity


class JsSequentialAwaitInLoop(JsRule):
    """`await` of independent lookups one by one inside a `for` loop.

    ## What it does
    Reports a `for...of` (or counting `for`) loop whose body awaits a fetch-like
    call (functions named `fetch*/get*/load*/read*/query*...`, database reads)
    that takes the loop variable, when iterations do not depend on each other (no
    `break`/`return`, no sleeps or rate limiting in the loop).

    Convention: when the awaited call is visibly an HTTP request (`fetch`, axios,
    got, `http`/`https`, or a function of the same file that makes one), the
    finding is EFF103 (js-sequential-network-await) instead; a line is never
    reported under both codes. Calls whose body is not visible (imported helpers,
    database clients) stay here, e.g. `await getMetricSeries(org, m)` or
    `await db.findUser(id)` in a loop over ids.

    ## Why is this bad
    Each request waits for the previous one: ten 200 ms calls take two seconds
    instead of 200 ms. When the items are independent, the latency adds up for
    nothing.

    ## Example
    ```javascript
    const { loadSeries } = require('./metrics');
    for (const m of METRICS) {
      summary[m] = await loadSeries(orgId, m);
    }
    ```

    ## Use instead
    ```javascript
    const series = await Promise.all(METRICS.map((m) => loadSeries(orgId, m)));
    METRICS.forEach((m, i) => { summary[m] = series[i]; });
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
        # a visible HTTP request in the loop is EFF103, not this rule
        ("typescript", "export async function all(urls: string[]) {\n  const out = [];\n  for (const url of urls) {\n"
                       "    const res = await fetch(url);\n    out.push(await res.json());\n  }\n  return out;\n}\n"),
    ]
    INVALID = [
        "async function sync() {\n  for (const c of CATEGORIES) {\n    products.push(...(await fetchCategory(c)));  // expect: CON104\n  }\n}\n",
        "const { loadSeries } = require('./metrics');\nasync function summary(org) {\n  const out = {};\n"
        "  for (const m of ['a', 'b']) {\n    out[m] = await loadSeries(org, m);  // expect: CON104\n  }\n  return out;\n}\n",
    ]

    def check(self, captures):
        found = sequential_await_in_loop(self.js, captures["loop"][0])
        if found is None or network_call(self.js, found[1]) is not None:
            return  # HTTP requests one at a time are EFF103 (one category per line)
        short = text(found[1].child_by_field_name("function")).rsplit(".", 1)[-1]
        self.report(found[0], f"awaiting {short}() for one item at a time: independent operations run "
                              "sequentially; start them together with Promise.all (bounded if needed)")
