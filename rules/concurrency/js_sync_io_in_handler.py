from codeaudit.js import callee_method, enclosing_function, is_async, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

#: Modules whose `*Sync` functions block the event loop.
_BLOCKING_MODULES = ("fs.", "fs-extra.", "child_process.", "zlib.", "crypto.")
_ROUTE_METHODS = {"get", "post", "put", "patch", "delete", "del", "all", "use", "handle", "route", "head", "options"}
_REQUEST_PARAMS = {"req", "request", "ctx", "context"}


class JsSyncIoInHandler(JsRule):
    """Blocking `*Sync` file/process call inside an async request handler.

    ## What it does
    Reports `fs.readFileSync`, `fs.writeFileSync`, `child_process.execSync`,
    `zlib.gzipSync`, `crypto.pbkdf2Sync` ... called directly inside an `async`
    request handler (a function passed to `router.get/post/...`, or whose first
    parameter is `req`/`request`/`ctx`). Start-up code and CLI scripts are left
    alone.

    ## Why is this bad
    Node runs every request on one thread. A synchronous read or child process
    stops the event loop: while one request waits for the disk, all other
    requests (and timers, health checks) wait too. Under load, latency grows
    with every concurrent request.

    ## Example
    ```javascript
    router.get('/files/:b/meta', async (ctx) => {
      ctx.body = JSON.parse(fs.readFileSync(metaPath, 'utf8'));
    });
    ```

    ## Use instead
    ```javascript
    ctx.body = JSON.parse(await fs.promises.readFile(metaPath, 'utf8'));
    ```
    """

    code = "CON106"
    slug = "js-sync-io-in-handler"
    category = Category.CONCURRENCY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    triggers = (b"Sync(",)
    query = "(call_expression) @call"

    VALID = [
        "const fs = require('fs');\nconst CONFIG = JSON.parse(fs.readFileSync('config.json', 'utf8'));\n"
        "app.get('/c', async (req, res) => res.json(CONFIG));\n",
        "const fs = require('fs');\nasync function main() {\n  const text = fs.readFileSync(process.argv[2], 'utf8');\n"
        "  await importRows(text);\n}\n",
        "const fs = require('fs');\napp.get('/m', async (req, res) => {\n"
        "  res.json(JSON.parse(await fs.promises.readFile(META, 'utf8')));\n});\n",
        "const fs = require('fs');\napp.get('/t', (req, res) => {\n  res.send(fs.readFileSync(TPL, 'utf8'));\n});\n",
    ]
    INVALID = [
        ("typescript", "import fs from 'fs';\nrouter.get('/files/:b/meta', async (ctx) => {\n"
                       "  ctx.body = JSON.parse(fs.readFileSync(metaPath(ctx.params.b), 'utf8'));  // expect: CON106\n});\n"),
        "const { execSync } = require('child_process');\napp.post('/build', async (req, res) => {\n"
        "  const out = execSync('make -C /srv/site');  // expect: CON106\n  res.send(out);\n});\n",
        ("typescript", "import { writeFileSync } from 'node:fs';\n"
                       "export async function handler(req: NextApiRequest, res: NextApiResponse) {\n"
                       "  writeFileSync(`/tmp/${Date.now()}.json`, JSON.stringify(req.body));  // expect: CON106\n"
                       "  res.status(204).end();\n}\n"),
    ]

    def check(self, captures):
        call = captures["call"][0]
        method = callee_method(call)
        if not method.endswith("Sync"):
            return
        name = self.js.call_name(call) or ""
        if not name.startswith(_BLOCKING_MODULES):
            return
        fn = enclosing_function(call)
        if fn is None or not is_async(fn) or not self._handler(fn):
            return
        self.report(call, f"{method}() blocks the event loop inside an async request handler: every other "
                          f"request waits; use the promise API (await fs.promises.* / util.promisify)")

    @staticmethod
    def _handler(fn):
        params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
        if params is not None:
            first = next((p for p in params.named_children if p.type != "comment"), None)
            if first is not None:
                name = text(first.child_by_field_name("pattern") or first).split(":")[0].strip()
                if name in _REQUEST_PARAMS:
                    return True
        args = fn.parent
        call = args.parent if args is not None and args.type == "arguments" else None
        return call is not None and call.type == "call_expression" and callee_method(call) in _ROUTE_METHODS
