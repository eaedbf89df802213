from codeaudit.js import network_call, sequential_await_in_loop
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity


class JsSequentialNetworkAwait(JsRule):
    """HTTP requests awaited one at a time in a loop over independent items.

    ## What it does
    Reports a `for...of` (or counting `for`) loop that awaits an HTTP request
    for the loop item - `fetch`, axios, got, `http`/`https`, an instance such as
    `axios.create()`, or a function of the same file that makes such a request -
    when iterations do not depend on each other (no `break`/`return`/`throw`, no
    sleeps or rate limiting in the loop).

    Convention: this code covers awaits whose network request is visible in the
    file; other independent awaits in loops (imported helpers, database calls)
    are CON104 (js-sequential-await-in-loop). A line gets one of the two codes,
    never both.

    ## Why is this bad
    Each round trip waits for the previous one: total latency is the sum of all
    requests (50 subscribers x 300 ms = 15 s) where concurrent requests would
    take about the slowest one.

    ## Example
    ```javascript
    for (const sub of subscribers) {
      await axios.post(sub.url, body);
    }
    ```

    ## Use instead
    ```javascript
    await Promise.allSettled(subscribers.map((sub) => axios.post(sub.url, body)));
    ```
    (bound the concurrency with a small pool such as p-limit for large lists)
    """

    code = "EFF103"
    slug = "js-sequential-network-await"
    category = Category.EFFICIENCY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    triggers = (b"await",)
    query = "[(for_in_statement) (for_statement)] @loop"

    VALID = [
        # pacing between requests is deliberate
        "async function ping(hosts) {\n  for (const h of hosts) {\n    await fetch(h);\n    await delay(200);\n  }\n}\n",
        # stops at the first answer: iterations depend on each other
        "const axios = require('axios');\nasync function first(mirrors) {\n  for (const m of mirrors) {\n"
        "    const r = await axios.get(m);\n    if (r.status === 200) return r.data;\n  }\n}\n",
        # the awaited helper is imported: no visible request, so this is CON104's case
        "const { getRates } = require('./rates');\nasync function all(cs) {\n  const out = [];\n"
        "  for (const c of cs) {\n    out.push(await getRates(c));  // expect: CON104\n  }\n  return out;\n}\n",
        # a local function named fetch* that only reads a Map is not a request
        "const cache = new Map();\nasync function fetchCached(k) { return cache.get(k); }\n"
        "async function all(keys) {\n  for (const k of keys) {\n    await fetchCached(k);  // expect: CON104\n  }\n}\n",
    ]
    INVALID = [
        "const axios = require('axios');\nasync function broadcast(subs, body) {\n  for (const s of subs) {\n"
        "    await axios.post(s.url, body);  // expect: EFF103\n  }\n}\n",
        ("typescript", "async function getJson<T>(url: string): Promise<T> {\n  const r = await fetch(url);\n"
                       "  return (await r.json()) as T;\n}\nasync function loadPage(id: string) {\n"
                       "  return getJson(`/api/pages/${id}`);\n}\nexport async function loadAll(ids: string[]) {\n"
                       "  const pages = [];\n  for (const id of ids) {\n"
                       "    pages.push(await loadPage(id));  // expect: EFF103\n  }\n  return pages;\n}\n"),
    ]

    def check(self, captures):
        found = sequential_await_in_loop(self.js, captures["loop"][0])
        if found is None:
            return
        callee = network_call(self.js, found[1])
        if callee is None:
            return
        self.report(found[0], f"{callee}() makes one HTTP request per item and waits for each before the next: "
                              "latency adds up; send them concurrently with Promise.all/allSettled "
                              "(bounded with a pool for long lists)")
