from codeaudit.js import call_args, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

#: Client factories whose instances wait forever unless a timeout is configured.
_FACTORIES = {"axios.create", "got.extend"}


class JsHttpClientNoTimeout(JsRule):
    """An HTTP client instance created without a timeout (`axios.create({...})`).

    ## What it does
    Reports `axios.create(...)` and `got.extend(...)` calls whose options have
    no `timeout` key, when the file never sets `instance.defaults.timeout`.

    ## Why is this bad
    axios' default timeout is 0: a request to an upstream that accepts the
    connection but never answers hangs forever, holding the caller's request,
    socket and memory. A few slow partners are enough to exhaust a server.

    ## Example
    ```javascript
    this.http = axios.create({ baseURL, headers: { Authorization: `Bearer ${key}` } });
    ```

    ## Use instead
    ```javascript
    this.http = axios.create({ baseURL, timeout: 10_000, headers: { Authorization: `Bearer ${key}` } });
    ```
    """

    code = "SEC118"
    slug = "js-http-client-no-timeout"
    category = Category.SECURITY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    cwe = (400,)
    triggers = (b"axios", b"got")
    query = "(call_expression) @call"

    VALID = [
        "import axios from 'axios';\nexport const api = axios.create({ baseURL: BASE, timeout: 5000 });\n",
        "const axios = require('axios');\nconst client = axios.create({ baseURL: BASE });\nclient.defaults.timeout = 8000;\n",
        "const axios = require('axios');\nconst client = axios.create({ ...DEFAULTS, baseURL: BASE });\n"
        "const other = axios.create(options);\n",
    ]
    INVALID = [
        ("typescript", "import axios, { AxiosInstance } from 'axios';\nexport class Client {\n  private http: AxiosInstance;\n"
                       "  constructor(baseURL: string) {\n    this.http = axios.create({  // expect: SEC118\n"
                       "      baseURL,\n      headers: { 'Content-Type': 'application/json' },\n    });\n  }\n}\n"),
        "const axios = require('axios');\nconst github = axios.create({ baseURL: 'https://api.github.com' });  // expect: SEC118\n",
        "import ax from 'axios';\nexport const bare = ax.create();  // expect: SEC118\n",
    ]

    def check(self, captures):
        call = captures["call"][0]
        name = self.js.call_name(call)
        if name not in _FACTORIES:
            return
        args = call_args(call)
        if args:
            options = strip_parens(args[0])
            if options.type != "object":
                return  # options built elsewhere: unknown
            keys = []
            for child in options.named_children:
                if child.type == "spread_element":
                    return  # defaults spread in may carry a timeout
                if child.type == "pair":
                    keys.append(text(child.child_by_field_name("key")).strip("'\""))
                elif child.type == "shorthand_property_identifier":
                    keys.append(text(child))
            if "timeout" in keys:
                return
        if b"defaults.timeout" in self.ctx.source.data or b"timeout:" in self.ctx.source.data and b"interceptors" in self.ctx.source.data:
            return
        self.report(call, f"{name}() without a timeout: requests to a stalled server hang forever (axios' default "
                          "is 0); set timeout (e.g. 10_000 ms)")
