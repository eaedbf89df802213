import re

from codeaudit.js import call_args, callee_method, enclosing_function, is_async, is_function, strip_parens, text, walk
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
#: Instances whose method returns a promise, by qualified pattern (AWS SDK v3 clients: client.send(command)).
_ASYNC_INSTANCE_PATTERNS = (re.compile(r"^@aws-sdk\.[\w-]+\.\w+Client\(\)\.send$"),)
#: Data-store verbs: a dropped call with one of these on an object whose other calls are all awaited.
_STORE_VERBS = re.compile(r"^(create|insert|update|upsert|delete|remove|destroy|save|set|put|add|touch|expire|"
                          r"revoke|invalidate|persist|write)", re.I)
#: Fire-and-forget verbs for functions imported from the project's own modules (mailers, queues, webhooks).
_SEND_VERBS = re.compile(r"^(send|notify|email|mail|publish|enqueue|deliver|dispatch|upload)[A-Z_]")
#: Calls whose function argument runs later, detached from any caller that could catch a rejection.
_DETACHED_CALLBACK_CALLEES = {"setInterval", "setTimeout", "setImmediate", "queueMicrotask", "process.nextTick",
                              "on", "once", "addListener", "addEventListener", "schedule"}
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
        # a local store whose calls are also used synchronously; a send helper that writes the response
        "import { cache } from './cache';\nasync function h(req, res) {\n  const hit = cache.get(req.id);\n"
        "  await cache.warm();\n  cache.delete(req.id);\n  sendJson(res, hit);\n}\n",
        # timer callback calling an async function that handles its own failure / with .catch
        "async function tick() { try { await poll(); } catch (e) { log(e); } }\nsetInterval(() => { tick(); }, 1000);\n"
        "async function flush() { await db.write(); }\nsetTimeout(() => flush().catch(log), 10);\n",
        "const { sendWelcome } = require('./mailer');\nfunction onSignup(user) { sendWelcome(user.email); }\n"
        "const { Map: M } = require('immutable');\nasync function h(req, res) { sendWelcome.bind(null); }\n",
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
        ("typescript", "import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';\nconst s3 = new S3Client({});\n"
                       "export async function archive(key: string, body: Buffer) {\n"
                       "  s3.send(new PutObjectCommand({ Bucket: 'b', Key: key, Body: body }));  // expect: CON103\n}\n"),
        "import { tokens } from './store';\nasync function logout(ctx) {\n  const t = await tokens.find(ctx.sid);\n"
        "  tokens.revoke(t.id);  // expect: CON103\n  ctx.status = 204;\n}\n",
        "async function refreshAll() { for (const k of keys) await load(k); }\n"
        "setInterval(() => {\n  if (!busy) refreshAll();  // expect: CON103\n}, 60000);\n",
        "async function reconnect() { await client.connect(); }\n"
        "client.on('end', function () {\n  reconnect();  // expect: CON103\n});\n",
        "async function rotate() { await fs.promises.rename(a, b); }\n"
        "process.nextTick(() => { rotate(); });  // expect: CON103\n",
        "const { notifyShipping } = require('../services/shipping');\nrouter.post('/ship', async (req, res) => {\n"
        "  notifyShipping(req.body.orderId);  // expect: CON103\n  res.sendStatus(202);\n});\n",
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
        if any(p.match(name) for p in _ASYNC_INSTANCE_PATTERNS):
            return text(call.child_by_field_name("function"))
        fn = call.child_by_field_name("function")
        if fn is not None and fn.type == "member_expression" and _STORE_VERBS.match(method):
            receiver = fn.child_by_field_name("object")
            if receiver.type == "identifier" and self._always_awaited(text(receiver)) and is_async(enclosing_function(call)):
                return text(fn)
        if fn is not None and fn.type == "identifier" and _SEND_VERBS.match(text(fn)) and self._handler(call):
            if self.js.bindings.get(text(fn), "").startswith("."):
                return text(fn)
        if fn is not None and fn.type == "member_expression" and method in _DB_METHODS:
            receiver = fn.child_by_field_name("object")
            if receiver.type == "identifier" and _DB_NAMES.match(text(receiver)) and text(receiver) in self.js.bindings:
                return text(fn)
        if fn is not None and fn.type == "identifier" and text(fn) in self.js.async_functions:
            caller = enclosing_function(call)
            if (is_async(caller) or _timer_or_event_callback(caller)) and not self._self_contained(text(fn)):
                return text(fn)
        return None

    def _always_awaited(self, receiver):
        """An imported object (from the project's modules) whose other method calls in this file are all awaited."""
        if not self.js.bindings.get(receiver, "").startswith("."):
            return False
        cache = self.js.__dict__.setdefault("_awaited_receivers", {})
        if receiver not in cache:
            awaited = other = 0
            for node in walk(self.js.root):
                if node.type != "call_expression":
                    continue
                fn = node.child_by_field_name("function")
                if fn is None or fn.type != "member_expression" or text(fn.child_by_field_name("object")) != receiver:
                    continue
                parent = node.parent
                if parent is not None and parent.type == "await_expression":
                    awaited += 1
                elif parent is None or parent.type != "expression_statement":
                    other += 1  # used as a value: may well be synchronous
            cache[receiver] = awaited >= 1 and other == 0
        return cache[receiver]

    @staticmethod
    def _handler(call):
        """Inside an async request handler (req, res) / (ctx) / (request, reply) that does not pass the response on."""
        fn = enclosing_function(call)
        while fn is not None and not is_async(fn):
            fn = enclosing_function(fn)
        if fn is None:
            return False
        params = fn.child_by_field_name("parameters")
        names = [text(p).split(":")[0].strip() for p in params.named_children] if params is not None else []
        if not (names[:2] in (["req", "res"], ["request", "reply"], ["request", "response"]) or names[:1] == ["ctx"]):
            return False
        return not ({text(a) for a in call_args(call)} & {"res", "reply", "response", "ctx"})

    def _self_contained(self, name):
        """An async function whose body is one try/catch handles its own failures (fire-and-forget by design)."""
        fn = self.js.functions.get(name)
        body = fn.child_by_field_name("body") if fn is not None else None
        if body is None:
            return False
        statements = [s for s in body.named_children if s.type != "comment"]
        return len(statements) == 1 and statements[0].type == "try_statement"


def _timer_or_event_callback(fn):
    """A (sync) function passed to a timer or event subscription: nothing awaits it, so a rejection is unhandled."""
    if fn is None or fn.parent is None or fn.parent.type != "arguments":
        return False
    outer = fn.parent.parent
    if outer is None or outer.type != "call_expression":
        return False
    name = text(outer.child_by_field_name("function"))
    return name in _DETACHED_CALLBACK_CALLEES or callee_method(outer) in _DETACHED_CALLBACK_CALLEES - {"schedule"} \
        or name.endswith(".schedule")
