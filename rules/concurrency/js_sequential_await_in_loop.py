from codeaudit.js import callee, callee_method, network_call, sequential_await_in_loop, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

#: ORM / driver query methods: awaiting one per loop item is an N+1 query, reported as efficiency.
DB_QUERY_METHODS = frozenset({
    "query", "execute", "findOne", "findOneBy", "findUnique", "findFirst", "findMany", "findById", "findByPk",
    "findAll", "find", "findBy", "count", "countBy", "countDocuments", "aggregate", "findOneOrFail",
})  # fmt: skip


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
    `await db.findUser(id)` in a loop over ids. ORM/driver query methods
    (`query`, `findOne`, `findUnique`, `count`...) are N+1 queries, an
    efficiency finding; `fs` calls are local and not reported.

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
    triggers = (b"await",)
    query = "[(for_in_statement) (for_statement)] @loop"

    VALID = [
        "async function f(ids) {\n  for (const id of ids) {\n    const r = await fetchItem(id);\n    if (r.done) break;\n  }\n}\n",
        "async function f(rows) {\n  for (const row of rows) {\n    await client.query('INSERT INTO t VALUES ($1)', [row]);\n  }\n}\n",
        "async function retry() {\n  for (let i = 0; i < 3; i++) {\n    try { return await load(); } catch { await sleep(1000); }\n  }\n}\n",
        "async function f(urls) {\n  for (const u of urls) {\n    await fetch(u);\n    await sleep(500);\n  }\n}\n",
        # a database query per item is an N+1 query (efficiency); fs calls are local
        "async function roles(users) {\n  for (const u of users) {\n"
        "    u.roles = (await pool.query('SELECT role FROM roles WHERE user_id = $1', [u.id])).rows;\n"
        "    u.order = await this.orders.findOne({ where: { id: u.id } });\n"
        "    u.stat = await fs.promises.stat(path.join(dir, u.id));\n  }\n}\n",
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
        fn = callee(found[1])
        if (self.js.call_name(found[1]) or "").startswith(("fs.", "fs-extra.")):
            return  # local file-system calls: no network latency to overlap
        if fn is not None and fn.type == "member_expression" and callee_method(found[1]) in DB_QUERY_METHODS:
            return  # one database query per item is an N+1 query (efficiency), not this rule
        short = text(found[1].child_by_field_name("function")).rsplit(".", 1)[-1]
        self.report(found[0], f"awaiting {short}() for one item at a time: independent operations run "
                              "sequentially; start them together with Promise.all (bounded if needed)")
