from codeaudit.js import call_args, callee_method, enclosing_function, strip_parens, text, walk
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_FS_MODULES = ("fs.", "fs.promises.", "fs-extra.")
_FS_FUNCTIONS = {
    "readFile", "readFileSync", "createReadStream", "writeFile", "writeFileSync", "createWriteStream", "unlink",
    "unlinkSync", "rm", "rmSync", "appendFile", "appendFileSync", "readdir", "readdirSync", "stat", "statSync",
    "open", "openSync", "copyFile", "rename", "access", "mkdir", "rmdir", "readJson", "outputFile", "remove",
}  # fmt: skip
_RESPONSE_METHODS = {"sendFile", "download", "attachment"}


class JsPathTraversal(JsRule):
    """Request data reaches a file path (`fs.*`, `res.sendFile`, `res.download`) unchecked.

    ## What it does
    Reports `fs` calls and Express `res.sendFile` / `res.download` whose path is
    built from request data (`req.params`, `req.query`, `req.body`, ...) directly
    or through local variables and `path.join`/`path.resolve`, when the function
    does not confine it (no `path.basename`, no `startsWith(baseDir)` check).

    ## Why is this bad
    `path.join(AVATAR_DIR, "../../etc/passwd")` leaves the directory: `..`
    segments and absolute paths let a client read or overwrite any file the
    process can reach.

    ## Example
    ```javascript
    res.sendFile(path.join(AVATAR_DIR, req.query.file));
    ```

    ## Use instead
    ```javascript
    const file = path.resolve(AVATAR_DIR, path.basename(req.query.file));
    if (!file.startsWith(AVATAR_DIR + path.sep)) return res.sendStatus(400);
    res.sendFile(file);
    ```
    """

    code = "SEC108"
    slug = "js-path-traversal"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    cwe = (22,)
    needs_request_data = True
    query = "(call_expression) @call"

    VALID = [
        "const fs = require('fs');\napp.get('/t/:slug', (req, res) => {\n"
        "  const slug = req.params.slug.replace(/[^a-z0-9-]/g, '');\n"
        "  fs.createReadStream(path.join(TPL_DIR, slug + '.html')).pipe(res);\n});\n",
        "const path = require('path');\napp.get('/a/:n', (req, res) => {\n"
        "  const f = path.resolve(DIR, req.params.n);\n  if (!f.startsWith(DIR + path.sep)) return res.sendStatus(400);\n"
        "  res.sendFile(f);\n});\n",
        "const fs = require('fs');\napp.get('/x', (req, res) => res.sendFile(path.join(DIR, path.basename(req.query.f))));\n"
        "fs.readFileSync(path.join(__dirname, 'config.json'));\n",
    ]
    INVALID = [
        ("javascript", "const fs = require('fs');\napp.get('/t/:slug', (req, res) => {\n"
                       "  const slug = req.params.slug.replace(/\\.\\.\\//g, '');\n"
                       "  fs.createReadStream(path.join(TPL_DIR, slug)).pipe(res);  // expect: SEC108\n});\n"),
        "const path = require('path');\napp.get('/u/:id', (req, res) => {\n"
        "  const file = path.join(AVATAR_DIR, req.query.file || 'x.png');\n  res.sendFile(file);  // expect: SEC108\n});\n",
        ("typescript", "import { promises as fs } from 'fs';\nrouter.get('/f/:owner/:name', async (req: Request, res: Response) => {\n"
                       "  const { owner, name } = req.params;\n  const filePath = path.join(ROOT, owner, name);\n"
                       "  await fs.access(filePath);  // expect: SEC108\n  res.sendFile(filePath);\n});\n"),
        ("typescript", "import { promises as fs } from 'fs';\nexport async function get(req: Request) {\n"
                       "  return fs.readFile(`./uploads/${req.params.name}`);  // expect: SEC108\n}\n"),
    ]

    def check(self, captures):
        call = captures["call"][0]
        args = call_args(call)
        if not args:
            return
        name = self.js.call_name(call) or ""
        method = callee_method(call)
        is_fs = method in _FS_FUNCTIONS and (name.startswith(_FS_MODULES) or name == method and name in self.js.bindings
                                            and self.js.bindings[name].startswith(_FS_MODULES))
        fn = call.child_by_field_name("function")
        is_response = (method in _RESPONSE_METHODS and fn.type == "member_expression"
                       and text(fn.child_by_field_name("object")) in ("res", "response", "reply"))
        if not (is_fs or is_response):
            return
        target = strip_parens(args[0])
        if not self.js.is_tainted(target) or self._confined(call):
            return
        if target.type == "identifier":  # fs.access(file) then res.sendFile(file): one finding, at the first use
            done = self.js.__dict__.setdefault("_sec108_paths", set())
            key = (enclosing_function(call).id if enclosing_function(call) is not None else -1, text(target))
            if key in done:
                return
            done.add(key)
        self.report(call, "a file path built from request data reaches "
                          f"{method}(); resolve it, then check it stays under the base directory (startsWith)")

    def _confined(self, call):
        fn = enclosing_function(call)
        if fn is None:
            return False
        for node in walk(fn):
            if node.type == "call_expression" and callee_method(node) in ("startsWith", "relative", "isInside",
                                                                           "isPathInside"):
                return True
        return False
