from codeaudit.js import call_args, callee, callee_method, enclosing_function, strip_parens, string_value, text, walk
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

#: Receivers of server-side redirect calls (Express res, Koa ctx, Fastify reply, Next.js helpers).
_RESPONSES = {"res", "response", "reply", "ctx", "context"}
#: Calls/properties that show the target is checked against an allow-list or confined to this site.
_CHECKS = {"startsWith", "isSafeRedirect", "isSafeUrl", "isRelativeUrl", "isLocalUrl", "safeRedirect", "includes",
           "has", "test", "match"}


class JsOpenRedirect(JsRule):
    """Request data used as a redirect target without checking it (open redirect).

    ## What it does
    Reports `res.redirect(...)` (Express), `ctx.redirect(...)` (Koa) and
    `reply.redirect(...)` (Fastify) whose target comes from the request
    (`req.query.next`, `req.body.returnTo`, a header, through local variables)
    when the handler does not check it (`startsWith('/')`, an allow-list
    `.has()/.includes()`, a URL host comparison).

    ## Why is this bad
    `/login?next=https://evil.example/login` sends a freshly signed-in user to
    an attacker's look-alike page: the link starts on the trusted domain, so
    phishing mails use it. `//evil.example` is an absolute URL too.

    ## Example
    ```javascript
    const target = req.query.next || '/';
    res.redirect(target);
    ```

    ## Use instead
    ```javascript
    const next = String(req.query.next || '/');
    res.redirect(next.startsWith('/') && !next.startsWith('//') ? next : '/');
    ```
    """

    code = "SEC116"
    slug = "js-open-redirect"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    cwe = (601,)
    triggers = (b"redirect",)
    query = "(call_expression) @call"

    VALID = [
        "app.get('/login', (req, res) => {\n  res.redirect('/login?next=' + encodeURIComponent(req.originalUrl));\n});\n",
        "app.post('/login', (req, res) => {\n  const next = String(req.query.next || '/');\n"
        "  res.redirect(next.startsWith('/') && !next.startsWith('//') ? next : '/');\n});\n",
        "const ALLOWED = new Set(['/home', '/billing']);\napp.get('/go', (req, res) => {\n"
        "  const to = req.query.to;\n  if (!ALLOWED.has(to)) return res.sendStatus(400);\n  res.redirect(to);\n});\n",
        "app.get('/items/:id', (req, res) => res.redirect(301, `/products/${req.params.id}`));\n"
        "app.get('/old', (req, res) => res.redirect('/new'));\n",
        ("typescript", "router.get('/out', async (ctx) => {\n  ctx.redirect(config.homeUrl);\n});\n"),
    ]
    INVALID = [
        "router.post('/login', async (req, res) => {\n  const target = req.query.next || '/';\n"
        "  res.redirect(target);  // expect: SEC116\n});\n",
        "app.get('/sso/callback', (req, res) => {\n  res.redirect(302, req.body.returnTo);  // expect: SEC116\n});\n",
        ("typescript", "router.get('/logout', async (ctx) => {\n  const back = ctx.query.redirect_uri as string;\n"
                       "  ctx.session = null;\n  ctx.redirect(back);  // expect: SEC116\n});\n"),
        ("typescript", "fastify.get('/r', async (request, reply) => {\n"
                       "  const { url } = request.query as { url: string };\n  return reply.redirect(url);  // expect: SEC116\n});\n"),
    ]

    def check(self, captures):
        call = captures["call"][0]
        if callee_method(call) != "redirect":
            return
        fn = callee(call)
        if fn is None or fn.type != "member_expression":
            return
        receiver = strip_parens(fn.child_by_field_name("object"))
        if receiver is None or text(receiver) not in _RESPONSES:
            return
        args = call_args(call)
        if not args:
            return
        target = strip_parens(args[-1])
        if self._site_relative(target) or not self.js.is_tainted(target) or self._checked(call):
            return
        self.report(call, "redirect target taken from the request: any site can be reached (open redirect); "
                          "accept only local paths (startsWith('/') and not '//') or an allow-list")

    @staticmethod
    def _site_relative(node):
        """`/products/${id}` or '/p/' + id: a constant local-path prefix keeps the redirect on this site."""
        first = node
        while first is not None and first.type == "binary_expression":
            first = strip_parens(first.child_by_field_name("left"))
        if first is None:
            return False
        if first.type == "template_string":
            head = first.named_children[0] if first.named_children else None
            prefix = text(head) if head is not None and head.type == "string_fragment" else ""
        else:
            prefix = string_value(first) or ""
        return len(prefix) > 1 and prefix.startswith("/") and not prefix.startswith("//") or prefix.startswith(
            ("https://", "http://")) and "/" in prefix.split("://", 1)[1]

    @staticmethod
    def _checked(call):
        fn = enclosing_function(call)
        if fn is None:
            return False
        for node in walk(fn):
            if node.type == "call_expression" and callee_method(node) in _CHECKS:
                return True
            if node.type == "member_expression" and text(node.child_by_field_name("property")) in ("host", "hostname",
                                                                                                    "origin"):
                return True
        return False
