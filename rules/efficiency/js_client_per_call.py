from codeaudit.js import FUNCTION_TYPES, enclosing_function, identifiers_in, loops_of, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

#: Constructors (resolved through imports) that open a connection pool or a configured HTTP/SDK client.
CLIENT_CLASSES = frozenset({
    "@prisma.client.PrismaClient", "pg.Pool", "pg.Client", "mongodb.MongoClient", "ioredis", "ioredis.Redis",
    "ioredis.default", "sequelize.Sequelize", "sequelize", "typeorm.DataSource", "kafkajs.Kafka", "openai",
    "openai.OpenAI", "stripe", "@elastic.elasticsearch.Client", "mssql.ConnectionPool", "@anthropic-ai.sdk",
    "twilio", "bullmq.Queue", "amqplib.connect",
})  # fmt: skip
#: Factory functions that do the same.
CLIENT_FACTORIES = frozenset({
    "axios.create", "redis.createClient", "mysql.createConnection", "mysql.createPool", "mysql2.createPool",
    "mysql2.createConnection", "mysql2.promise.createPool", "mysql2.promise.createConnection",
    "mongoose.createConnection", "knex", "got.extend", "nodemailer.createTransport", "ioredis.createClient",
    "mongodb.MongoClient.connect", "amqplib.connect",
})  # fmt: skip
#: Parameter names of a function that runs once per request, job or message.
PER_CALL_PARAMS = frozenset({"req", "request", "res", "reply", "job", "event", "ctx", "message", "msg", "task"})


class JsClientPerCall(JsRule):
    """A database pool or HTTP client created inside a request handler, job or loop.

    ## What it does
    Reports `new PrismaClient()`, `new Pool()` / `new Client()` (pg),
    `new MongoClient()`, `new Redis()`, `axios.create()`, `createPool()`,
    `createClient()`, AWS SDK `new XxxClient()` and similar, when the client is
    stored in a local variable of a function that runs per request, job or
    message (an Express/Koa handler, a `(job)` or `(event)` processor) or in a
    loop. Factories that return the client, constructors that keep it on
    `this`, and lazy module-level singletons are left alone.

    ## Why is this bad
    Each client owns a connection pool, keep-alive agents or TLS sessions.
    Creating one per request pays the connection handshake every time, leaks
    sockets when cleanup is missed, and under load opens more database
    connections than the server allows (Prisma warns about exactly this).

    ## Example
    ```javascript
    router.get('/reports', async (req, res) => {
      const prisma = new PrismaClient();
      res.json(await prisma.report.findMany());
    });
    ```

    ## Use instead
    ```javascript
    const prisma = new PrismaClient(); // once, at module level
    router.get('/reports', async (req, res) => {
      res.json(await prisma.report.findMany());
    });
    ```
    """

    code = "EFF106"
    slug = "js-client-per-call"
    category = Category.EFFICIENCY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    query = "(variable_declarator value: (_) @value) @decl"

    VALID = [
        # module level, a factory that returns it, a constructor keeping it, a lazy singleton
        "const axios = require('axios');\nconst api = axios.create({ baseURL: URL });\n"
        "function makeClient(token) {\n  const client = axios.create({ headers: { token } });\n  return client;\n}\n",
        ("typescript", "import axios, { AxiosInstance } from 'axios';\nclass Api {\n  private http: AxiosInstance;\n"
                       "  constructor(base: string) { this.http = axios.create({ baseURL: base }); }\n}\n"),
        "const { createClient } = require('redis');\nlet redis = null;\nasync function client(req) {\n"
        "  if (!redis) { redis = createClient(); await redis.connect(); }\n  return redis;\n}\n",
        # a one-off script's main() runs once
        "const { Client } = require('pg');\nasync function main() {\n  const db = new Client();\n"
        "  await db.connect();\n  await db.end();\n}\n",
    ]
    INVALID = [
        ("typescript", "import { PrismaClient } from '@prisma/client';\n"
                       "router.get('/teams', async (_req, res) => {\n"
                       "  const prisma = new PrismaClient();  // expect: EFF106\n"
                       "  res.json(await prisma.team.findMany());\n});\n"),
        "const axios = require('axios');\nasync function syncPartner(job) {\n"
        "  const client = axios.create({ baseURL: process.env.API });  // expect: EFF106\n"
        "  await client.post('/sync', job.data);\n}\n",
        "const { Pool } = require('pg');\nexports.handler = async (event) => {\n"
        "  const pool = new Pool({ connectionString: process.env.DB });  // expect: EFF106\n"
        "  const { rows } = await pool.query('SELECT 1');\n  return rows;\n};\n",
        ("typescript", "import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';\n"
                       "export async function uploadAll(files: File[]) {\n  for (const f of files) {\n"
                       "    const s3 = new S3Client({ region: 'eu-west-1' });  // expect: EFF106\n"
                       "    await s3.send(new PutObjectCommand({ Bucket: 'b', Key: f.name, Body: f.body }));\n"
                       "  }\n}\n"),
    ]

    def check(self, captures):
        decl, value = captures["decl"][0], strip_parens(captures["value"][0])
        if value.type == "await_expression" and value.named_children:
            value = strip_parens(value.named_children[0])
        if value.type not in ("new_expression", "call_expression") or decl.child_by_field_name("name").type != "identifier":
            return
        name = self._client_name(value)
        if name is None:
            return
        fn = enclosing_function(decl)
        if fn is None:
            return
        if not (loops_of(decl) or self._per_call(fn)):
            return
        variable = text(decl.child_by_field_name("name"))
        if self._returned(fn, variable):
            return
        self.report(decl, f"{name} creates a new client (connection pool / agents) on every request, job or "
                          "iteration: handshakes each time and connections pile up; create it once at module "
                          "level (or inject it) and reuse it")

    def _client_name(self, value):
        if value.type == "new_expression":
            ctor = value.child_by_field_name("constructor")
            qualified = self.js.qualified(ctor) or ""
            if qualified in CLIENT_CLASSES or (qualified.startswith("@aws-sdk.") and qualified.endswith("Client")):
                return f"new {text(ctor)}()"
            return None
        qualified = self.js.call_name(value) or ""
        if qualified in CLIENT_FACTORIES:
            return f"{text(value.child_by_field_name('function'))}()"
        return None

    @staticmethod
    def _per_call(fn):
        params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
        names = set()
        if params is not None:
            for p in params.named_children if params.type == "formal_parameters" else [params]:
                pattern = p.child_by_field_name("pattern") if p.type in ("required_parameter", "optional_parameter") else p
                if pattern is not None and pattern.type == "identifier":
                    names.add(text(pattern).lstrip("_"))
        return bool(names & PER_CALL_PARAMS)

    @staticmethod
    def _returned(fn, variable):
        """The client leaves the function (returned, stored on this/outer state): a factory, not a throwaway."""
        body = fn.child_by_field_name("body")
        stack = [body] if body is not None else []
        while stack:
            node = stack.pop()
            if node.type == "return_statement" and variable in identifiers_in(node):
                ret = node.named_children[0] if node.named_children else None
                if ret is not None and strip_parens(ret).type in ("identifier", "object", "array", "new_expression"):
                    return True
            if node.type == "assignment_expression" and variable in identifiers_in(node.child_by_field_name("right")):
                return True
            stack.extend(c for c in node.children if c.type not in FUNCTION_TYPES)
        return False
