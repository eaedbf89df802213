import json
import re
from functools import lru_cache
from pathlib import Path

import codeaudit.js
from codeaudit.js import callee, enclosing_function, identifiers_in, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

#: Node core APIs added after the snapshot's Node version (v20): never reported.
_ADDED_LATER = {
    "fs.glob", "fs.globSync", "fs.promises.glob", "path.matchesGlob", "util.getCallSite", "util.getCallSites",
    "util.parseEnv", "util.styleText", "util.diff", "crypto.hash", "zlib.crc32", "os.availableParallelism",
    "module.findPackageJSON", "events.addAbortListener", "timers.promises.scheduler", "zlib.createZstdCompress",
    "zlib.createZstdDecompress", "zlib.zstdCompress", "zlib.zstdCompressSync", "zlib.zstdDecompress",
    "zlib.zstdDecompressSync",
}  # fmt: skip
#: Function.prototype members: `Stream.call(this)` calls the module's constructor function.
_FUNCTION_MEMBERS = {"call", "apply", "bind", "toString", "prototype", "name", "length"}
#: Well-known hallucinations and what to use instead.
_HINTS = {
    "fs.promises.exists": "fs.promises.access() (throws when missing) or fs.existsSync()",
    "path.exists": "fs.existsSync()",
    "fs.promises.existsSync": "fs.existsSync()",
    "crypto.randomString": "crypto.randomBytes(n).toString('hex')",
    "child_process.execAsync": "util.promisify(child_process.exec)",
}


@lru_cache(maxsize=1)
def _node_api() -> dict[str, frozenset[str]]:
    # Next to the codeaudit.js package, wherever it is installed (rules/ is not beside it in a wheel).
    data = json.loads(Path(codeaudit.js.__file__).with_name("node_api.json").read_text(encoding="utf-8"))
    return {module: frozenset(names) for module, names in data.items() if not module.startswith("_")}


class JsNonexistentNodeApi(JsRule):
    """Call of a Node.js core module function that does not exist (`fs.promises.exists`).

    ## What it does
    Reports calls such as `fs.promises.exists(p)`, `path.exists(p)` or
    `crypto.randomString(8)` on an imported Node core module (`fs`,
    `fs/promises`, `path`, `os`, `child_process`, `crypto`, `util`, `zlib`, ...)
    whose function is not part of that module's API (checked against a snapshot
    of Node's exports).

    ## Why is this bad
    The name looks plausible, so the code reads well in review, but at run time
    it throws `TypeError: fs.promises.exists is not a function`, usually on a
    path (error handling, a CLI guard) that tests did not cover.

    ## Example
    ```javascript
    if (!(await fs.promises.exists(file))) process.exit(1);
    ```

    ## Use instead
    ```javascript
    try { await fs.promises.access(file); } catch { process.exit(1); }
    ```
    """

    code = "AIT105"
    slug = "js-nonexistent-node-api"
    category = Category.AI_TELL
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    query = "(call_expression function: (member_expression) @fn) @call"

    VALID = [
        "const fs = require('fs');\nif (!fs.existsSync(f)) process.exit(1);\nawait fs.promises.access(f);\n",
        "import { promises as fsp } from 'fs';\nimport path from 'node:path';\nawait fsp.readFile(path.join(a, b));\n",
        "const path = require('path');\nfunction f(path) {\n  return path.exists();\n}\nconst p = { exists() {} };\np.exists();\n",
        "const url = require('url');\nfunction link(base) {\n  const url = new URL(base);\n  return url.toString();\n}\n",
        "const crypto = require('crypto');\ncrypto.randomUUID();\ncrypto.webcrypto.getRandomValues(buf);\n",
        "const Stream = require('stream');\nfunction Response() {\n  Stream.call(this);\n}\n"
        "const zlib = require('zlib');\nif (typeof zlib.brotliFuture === 'function') zlib.brotliFuture();\n",
    ]
    INVALID = [
        "const fs = require('fs');\nasync function main(file) {\n"
        "  if (!(await fs.promises.exists(file))) {  // expect: AIT105\n    process.exit(1);\n  }\n}\n",
        ("typescript", "import fs from 'fs/promises';\nexport async function has(p: string) {\n"
                       "  return fs.exists(p);  // expect: AIT105\n}\n"),
        ("typescript", "import * as path from 'path';\nif (path.exists(target)) load(target);  // expect: AIT105\n"),
        "const { promisify } = require('util');\nconst crypto = require('node:crypto');\n"
        "const token = crypto.randomString(32);  // expect: AIT105\n",
    ]

    def check(self, captures):
        call, fn = captures["call"][0], callee(captures["call"][0])
        if fn is None or fn.type != "member_expression":
            return
        root = text(fn).split(".", 1)[0]
        if root not in self.js.bindings:
            return
        name = self.js.qualified(fn) or ""
        module, _, attr = name.rpartition(".")
        api = _node_api().get(module)
        if api is None or attr in api or attr in _FUNCTION_MEMBERS or name in _ADDED_LATER:
            return
        if len(re.findall(rb"\b%s\b" % re.escape(attr.encode()), self.ctx.source.data)) > 1 or self._shadowed(
                self.js, root, call):
            return  # feature-tested elsewhere in the file (`if (zlib.newApi) ...`), or a local name
        hint = _HINTS.get(name)
        self.report(call, f"{name}() does not exist in Node's {module.replace('.', '/')} module: it throws "
                          f"TypeError at run time" + (f"; use {hint}" if hint else ""))

    @staticmethod
    def _shadowed(js, root, node):
        """A parameter or local variable of an enclosing function hides the module binding."""
        fn = enclosing_function(node)
        while fn is not None:
            params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
            if params is not None and root in identifiers_in(params) or root in js.local_values(fn):
                return True
            fn = enclosing_function(fn)
        return False
