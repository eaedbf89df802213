import re

from codeaudit.js import call_args, callee_method, enclosing_function, is_async, is_function, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

#: Qualified-name prefixes whose calls return promises.
_ASYNC_PREFIXES = ("fs.promises.", "dns.promises.", "timers.promises.", "stream.promises.", "readline.promises.",
                   "axios.", "got.", "node-fetch", "undici.")
_ASYNC_FUNCTIONS = {"fetch", "axios", "got", "node-fetch"}
#: Instances (qualified constructor + "()") -> methods returning promises.
_ASYNC_INSTANCES = {
    "pg.Pool()": {"query", "connect", "end"}, "pg.Client()": {"query", "connect", "end"},
    "bullmq.Queue()": {"add", "addBulk", "close", "pause", "resume", "obliterate"},
    "bullmq.Worker()": {"close", "pause"}, "ioredis()": {"set", "get", "del", "publish", "expire", "hset"},
    "mongodb.MongoClient()": {"connect", "close"}, "@prisma.client.PrismaClient()": {"$connect", "$disconnect"},
    "mysql2.promise.createPool()": {"query", "execute", "end"},
}  # fmt: skip
#: Database handles by conventional name (imported from a local module).
_DB_NAMES = re.compile(r"^(pool|db|database|client|pgPool|knex|sql|conn|connection)$")
_DB_METHODS = {"query", "execute", "none", "one", "oneOrNone", "any", "many", "manyOrNone", "insert", "update"}


class JsDroppedPromise(JsRule):
    """A promise from a known async API is created and dropped (no `await`, no `.catch`).

    ## What it does
    Reports expression statements that call a promise-returning API and ignore the
    promise: `fs.promises.*` / `fs/promises`, `fetch`/axios/got, pg pools and
    clients (`pool.query`), BullMQ queues (`queue.add`), and async functions of
    the same file called from another async function. Calls followed by
    `.then/.catch`, prefixed with `void`, awaited, returned or using a callback
    are left alone.

    ## Why is this bad
    Nobody waits for the work: the function returns (or a request handler
    answers) before the write/insert/unlink happened, ordering is lost, and a
    failure becomes an unhandled rejection that terminates modern Node.

    ## Example
    ```javascript
    for (const file of files) {
      fs.promises.unlink(path.join(DIR, file));
    }
    ```

    ## Use instead
    ```javascript
    await Promise.all(files.map((file) => fs.promises.unlink(path.join(DIR, file))));
    ```
    """

    code = "CON103"
    slug = "js-dropped-promise"
    category = Category.CONCURRENCY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    query = "(expression_statement (call_expression) @call)"

    VALID = [
        "const fs = require('fs');\nasync function f(p) { await fs.promises.unlink(p); }\n"
        "fs.promises.unlink(p).catch(() => {});\nvoid fetch('/ping');\n",
        "pool.query('SELECT 1', (err, res) => done(err));\nfs.unlinkSync(p);\n",
        "async function refresh() { try { await load(); } catch (e) { show(e); } }\nfunction init() { refresh(); }\n",
    ]
    INVALID = [
        "const fs = require('fs');\nasync function cleanup(files) {\n  for (const f of files) {\n"
        "    fs.promises.unlink(f);  // expect: CON103\n  }\n}\n",
        "const { Pool } = require('pg');\nconst pool = new Pool();\nasync function main() {\n"
        "  pool.query('INSERT INTO runs (n) VALUES ($1)', [1]);  // expect: CON103\n}\n",
        ("typescript", "import { Queue } from 'bullmq';\nconst q = new Queue('audit');\n"
                       "export async function run(job: Job) {\n  q.add('done', { id: job.id });  // expect: CON103\n}\n"),
        "async function save(x) { await db.insert(x); }\nasync function handler(req, res) {\n"
        "  save(req.body);  // expect: CON103\n  res.json({ ok: true });\n}\n",
    ]

    def check(self, captures):
        call = captures["call"][0]
        args = call_args(call)
        if args and is_function(strip_parens(args[-1])):
            return  # callback style
        what = self._async_api(call)
        if what is None:
            return
        fn = enclosing_function(call)
        if is_async(fn):
            message = f"{what}() returns a promise that is not awaited: the function continues before it finishes " \
                      "and its failure is unhandled; add await"
        else:
            message = f"{what}() returns a promise that is dropped: add await (or .catch and handle the failure)"
        self.report(call, message)

    def _async_api(self, call):
        name = self.js.call_name(call) or ""
        if name in _ASYNC_FUNCTIONS or name.startswith(_ASYNC_PREFIXES):
            return name
        method = callee_method(call)
        for instance, methods in _ASYNC_INSTANCES.items():
            if name == f"{instance}.{method}" and method in methods:
                return text(call.child_by_field_name("function"))
        fn = call.child_by_field_name("function")
        if fn is not None and fn.type == "member_expression" and method in _DB_METHODS:
            receiver = fn.child_by_field_name("object")
            if receiver.type == "identifier" and _DB_NAMES.match(text(receiver)) and text(receiver) in self.js.bindings:
                return text(fn)
        if fn is not None and fn.type == "identifier" and text(fn) in self.js.async_functions:
            if is_async(enclosing_function(call)) and not self._self_contained(text(fn)):
                return text(fn)
        return None

    def _self_contained(self, name):
        """An async function whose body is one try/catch handles its own failures (fire-and-forget by design)."""
        fn = self.js.functions.get(name)
        body = fn.child_by_field_name("body") if fn is not None else None
        if body is None:
            return False
        statements = [s for s in body.named_children if s.type != "comment"]
        return len(statements) == 1 and statements[0].type == "try_statement"
