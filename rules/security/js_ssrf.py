from codeaudit.js import call_args, callee_method, enclosing_function, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_CLIENT_FUNCTIONS = {"fetch", "node-fetch", "undici.fetch", "undici.request", "axios", "got", "request", "needle",
                     "superagent", "cross-fetch"}
_CLIENT_MODULES = ("axios", "got", "superagent", "needle", "http", "https", "node-fetch", "undici", "request", "ky")
_CLIENT_METHODS = {"get", "post", "put", "patch", "delete", "head", "request", "stream"}
_ALLOWLIST_HINTS = ("allowlist", "allowList", "whitelist", "allowedHosts", "ALLOWED_HOSTS", "isAllowedUrl",
                    "allowedHost", "ALLOWED_ORIGINS", "isAllowed")


class JsSsrf(JsRule):
    """Server-side HTTP request to a URL taken from the request (SSRF).

    ## What it does
    Reports `fetch`, `axios` (including instances from `axios.create()`), `got`,
    `http(s).get/request` and similar clients whose URL comes from request data
    (`req.query.url`, `req.body.webhook`, ...) directly or through locals, unless
    the function consults a host allow-list.

    ## Why is this bad
    The server fetches whatever the client names: `http://169.254.169.254/` (cloud
    credentials), `http://localhost:6379/`, internal admin panels. A scheme check
    (`^https?://`) does not help.

    ## Example
    ```javascript
    const upstream = await fetch(String(req.query.src));
    ```

    ## Use instead
    Parse the URL, check its host against an allow-list, and resolve/deny private
    addresses before fetching.
    """

    code = "SEC109"
    slug = "js-ssrf"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    cwe = (918,)
    needs_request_data = True
    query = "(call_expression) @call"

    VALID = [
        # rows looked up with a request value come from storage, not from the request
        "const axios = require('axios');\napp.post('/relay', async (req, res) => {\n"
        "  const subs = await db.listSubscribers(req.body.event);\n"
        "  for (const s of subs) await axios.post(s.url, req.body, { timeout: 5000 });\n});\n",
        "app.get('/p', async (req, res) => {\n  const r = await fetch(`https://api.acme.io/items/${encodeURIComponent(req.query.id)}`);\n});\n",
        "app.get('/p', async (req, res) => {\n  const u = new URL(req.query.url);\n"
        "  if (!ALLOWED_HOSTS.includes(u.hostname)) return res.sendStatus(400);\n  await fetch(u);\n});\n",
        "const cache = new Map();\napp.get('/c', (req, res) => res.json(cache.get(req.query.key)));\n",
    ]
    INVALID = [
        "app.get('/img', async (req, res) => {\n  const src = String(req.query.src || '');\n"
        "  const up = await fetch(src);  // expect: SEC109\n});\n",
        "const axios = require('axios');\nconst http = axios.create({ timeout: 5000 });\n"
        "app.get('/p', async (req, res) => {\n  const target = req.query.url;\n"
        "  const r = await http.get(target);  // expect: SEC109\n});\n",
        ("typescript", "import axios from 'axios';\nexport async function hook(req: Request) {\n"
                       "  await axios.post(req.body.webhookUrl, { ok: true });  // expect: SEC109\n}\n"),
    ]

    def check(self, captures):
        call = captures["call"][0]
        name = self.js.call_name(call) or ""
        if not self._is_client(name, call):
            return
        args = call_args(call)
        if not args or not self._url_tainted(args[0]):
            return
        fn = enclosing_function(call)
        if fn is not None and any(hint in text(fn) for hint in _ALLOWLIST_HINTS):
            return
        self.report(call, "the server requests a URL taken from the request (SSRF); validate the host against an "
                          "allow-list and block private addresses")

    def _is_client(self, name, call):
        if name in _CLIENT_FUNCTIONS:
            return True
        method = callee_method(call)
        if method not in _CLIENT_METHODS or "." not in name:
            return False
        root = name.split(".")[0]
        return root in _CLIENT_MODULES

    def _url_tainted(self, node):
        from codeaudit.js import strip_parens

        node = strip_parens(node)
        if node.type == "template_string":
            # `${BASE}/items/${id}`: only a leading substitution controls the host
            first = next((c for c in node.named_children), None)
            if first is None or first.type != "template_substitution":
                return False
            return self.js.is_tainted(first)
        if node.type == "binary_expression":
            left = node.named_children[0]
            return self._url_tainted(left)
        if node.type == "object":
            for pair in node.named_children:
                if pair.type == "pair" and text(pair.child_by_field_name("key")).strip("'\"") in ("url", "baseURL", "host", "hostname"):
                    return self.js.is_tainted(pair.child_by_field_name("value"))
            return False
        return self.js.is_tainted(node)
