import re

from codeaudit.js import callee, identifiers_in, is_test_path, network_call, pattern_names, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity


#: Fetch-like call names (database queries and local fs calls are left out: one connection runs them in order).
_FETCH_LIKE = re.compile(r"^(fetch|get|load|download|retrieve|lookup|request)([A-Z_]|$)")
_NOT_REMOTE = ("fs.", "fs-extra.", "path.", "crypto.")


class JsSequentialIndependentAwaits(JsRule):
    """Consecutive `await`ed requests that do not depend on each other.

    ## What it does
    Reports a run of consecutive declarations `const a = await fetchX(...)`,
    `const b = await fetchY(...)` in one block, where each call is an HTTP
    request or a fetch-like call (`get*/fetch*/load*/read*...`) and no later
    call uses a value declared earlier in the run. The finding is on the second
    declaration: the first one that waits for nothing.

    ## Why is this bad
    The second request starts only when the first has finished, so a page that
    needs three 200 ms API calls waits 600 ms instead of 200 ms. Independent
    requests can be started together.

    ## Example
    ```javascript
    const team = await getJson(`/api/teams/${id}`);
    const projects = await getJson(`/api/teams/${id}/projects`);
    ```

    ## Use instead
    ```javascript
    const [team, projects] = await Promise.all([
      getJson(`/api/teams/${id}`),
      getJson(`/api/teams/${id}/projects`),
    ]);
    ```
    """

    code = "CON107"
    slug = "js-sequential-independent-awaits"
    category = Category.CONCURRENCY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"await",)
    query = "(statement_block) @block"

    VALID = [
        "async function f(id) {\n  const user = await getUser(id);\n  const orders = await getOrders(user.accountId);\n}\n",
        "async function f(id) {\n  const a = await getJson(`/a/${id}`);\n  await sleep(100);\n  const b = await getJson(`/b/${id}`);\n}\n",
        "async function f() {\n  const [a, b] = await Promise.all([getA(), getB()]);\n  const c = await db.connect();\n"
        "  const d = await insertRow(c);\n}\n",
        "async function f(id) {\n  const token = await login(id);\n  const me = await fetchProfile();\n}\n",
        "class Runner {\n  async loadViews() {\n    const db = await this.getCurrentDatabase();\n"
        "    const schema = await this.getCurrentSchema();\n    return [db, schema];\n  }\n}\n",
        "async function f(c, id) {\n  const { rows } = await c.query('SELECT 1');\n  const { rows: r2 } = await c.query('SELECT 2');\n"
        "  const a = await fs.promises.readFile(A);\n  const b = await fs.promises.readFile(B);\n}\n",
    ]
    INVALID = [
        "async function load(teamId) {\n  const t = await getJson(`/api/teams/${teamId}`);\n"
        "  const p = await getJson(`/api/teams/${teamId}/projects`);  // expect: CON107\n"
        "  const l = await getJson(`/api/teams/${teamId}/latency`);\n  return { t, p, l };\n}\n",
        ("typescript", "export async function page(id: string) {\n  const user = await fetchUser(id);\n"
                       "  const invoices = await fetchInvoices(id);  // expect: CON107\n  return { user, invoices };\n}\n"),
        "const axios = require('axios');\nasync function both(a, b) {\n  const { data: x } = await axios.get(a);\n"
        "  const { data: y } = await axios.get(b);  // expect: CON107\n  return [x, y];\n}\n",
    ]

    def check(self, captures):
        if is_test_path(self.ctx.path):
            return
        block = captures["block"][0]
        run_names: set[str] = set()
        run_len = 0
        for stmt in block.named_children:
            call, names = self._awaited_read(stmt)
            if call is None:
                run_names, run_len = set(), 0
                continue
            uses = identifiers_in(call.child_by_field_name("arguments")) | {text(callee(call)).split(".")[0]}
            if run_len and not (uses & run_names):
                if run_len == 1:
                    self.report(stmt, "this request waits for the previous one although it does not use its "
                                      "result; start both together with Promise.all")
                run_len += 1
                run_names |= names
            else:
                run_names, run_len = set(names), 1

    def _awaited_read(self, stmt):
        """(call, declared names) for `const x = await fetchLike(...)`, else (None, set())."""
        if stmt.type != "lexical_declaration":
            return None, set()
        declarators = [c for c in stmt.named_children if c.type == "variable_declarator"]
        if len(declarators) != 1:
            return None, set()
        value = strip_parens(declarators[0].child_by_field_name("value"))
        if value is None or value.type != "await_expression" or not value.named_children:
            return None, set()
        call = strip_parens(value.named_children[0])
        if call is None or call.type != "call_expression":
            return None, set()
        fn = callee(call)
        short = text(fn).rsplit(".", 1)[-1]
        if (self.js.call_name(call) or "").startswith(_NOT_REMOTE):
            return None, set()
        if network_call(self.js, call) is None:
            # A fetch-like name counts, except on `this`: an object's own getters share its connection or
            # state (a query runner's `getCurrentSchema()` after `getCurrentDatabase()`), so they run in order.
            if not _FETCH_LIKE.match(short) or text(fn).startswith("this."):
                return None, set()
        return call, set(pattern_names(declarators[0].child_by_field_name("name")))
