import re

from codeaudit.js import call_args, callee_method, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

#: A group containing a quantifier, itself quantified: (a+)+, (x*)*, (\w+\s?)*, (a|aa)+
_NESTED = re.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]")
_ESCAPERS = ("escape", "quote", "lodash.escapeRegExp", "escapeStringRegexp", "escape-string-regexp")


class JsRegexInjection(JsRule):
    """Regular expression built from request data, or a nested-quantifier regex applied to it (ReDoS).

    ## What it does
    Reports `new RegExp(x)` / `RegExp(x)` when `x` carries request data and is not
    escaped, and regex literals with nested quantifiers (`(a+)+`, `(\\w+\\s?)*`)
    that are `.test`/`.match`/`.exec`/`.replace`d against request data.

    ## Why is this bad
    A user-supplied pattern such as `(a+)+$` (or an input of many `a`s against a
    nested-quantifier pattern) makes the regex engine backtrack exponentially and
    blocks Node's single event loop: one request stalls every other request.

    ## Example
    ```javascript
    const pattern = new RegExp(`^(${req.query.pattern})+$`, "i");
    ```

    ## Use instead
    Escape user text before building a pattern (`_.escapeRegExp`), search with
    `includes`, or use a linear-time engine (re2).
    """

    code = "SEC111"
    slug = "js-regex-injection"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    cwe = (1333, 400)
    needs_request_data = True
    query = "[(call_expression) (new_expression)] @call"

    VALID = [
        "const re = new RegExp(`^${escapeRegExp(req.query.q)}`, 'i');\nconst r2 = new RegExp('^[a-z]+$');\n",
        "app.get('/s', (req, res) => res.json(/^[\\w.-]+$/.test(req.query.name)));\n",
        "const WORDS = /(\\w+\\s?)+$/;\nWORDS.test(localConfig.title);\n",
    ]
    INVALID = [
        "app.get('/s', (req, res) => {\n  const p = new RegExp(`^(${req.query.pattern})+$`, 'i');  // expect: SEC111\n});\n",
        ("typescript", "export function check(req: Request) {\n"
                       "  return /^(\\w+\\s?)*$/.test(req.body.title);  // expect: SEC111\n}\n"),
    ]

    def check(self, captures):
        call = captures["call"][0]
        name = self.js.call_name(call) or ""
        args = call_args(call)
        if not args:
            return
        if name == "RegExp":
            source = args[0]
            if self.js.is_tainted(source) and not any(e in text(source) for e in _ESCAPERS):
                self.report(call, "regular expression built from request data: a crafted pattern backtracks for "
                                  "minutes (ReDoS); escape the text or use includes()/re2")
            return
        method = callee_method(call)
        fn = call.child_by_field_name("function")
        if call.type != "call_expression" or fn is None or fn.type != "member_expression":
            return
        if method in ("test", "exec"):
            regex, subject = fn.child_by_field_name("object"), args[0]
        elif method in ("match", "replace", "split", "search", "matchAll"):
            regex, subject = args[0], fn.child_by_field_name("object")
        else:
            return
        pattern = self._pattern(regex, call)
        if pattern and _NESTED.search(pattern) and self.js.is_tainted(subject):
            self.report(call, "regex with nested quantifiers applied to request data backtracks exponentially "
                              "(ReDoS); rewrite it without nested repetition or limit the input length")

    def _pattern(self, node, at):
        node = strip_parens(node)
        if node is None:
            return ""
        if node.type == "regex":
            pattern = node.child_by_field_name("pattern")
            return text(pattern)
        if node.type == "identifier":
            values = self.js.values_of(text(node), at) or []
            return self._pattern(values[0], at) if len(values) == 1 else ""
        return ""
