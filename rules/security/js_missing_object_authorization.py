import re

from codeaudit.js import call_args, callee_method, is_function, strip_parens, string_value, text, walk
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_ROUTE_METHODS = frozenset({"get", "post", "put", "patch", "delete", "del", "all"})
#: The signed-in user, as Express / Passport / Koa / Fastify handlers read it.
_CURRENT_USER = re.compile(r"\b(req|request)\.(user|auth|session|userId|account)\b|\bctx\.state\.(user|auth)\b|"
                           r"\bres\.locals\.(user|auth|account)\b|\bctx\.session\b")
#: Middleware names that check a role or permission (then the route is not per-user data).
_PERMISSION_MIDDLEWARE = re.compile(r"admin|role|permi|authori[sz]e|can[A-Z]|allow|staff|owner|policy|acl", re.I)
#: Route-level authentication middleware (who the caller is, not what they may access).
_AUTH_MIDDLEWARE = re.compile(r"auth|login|logged|requireUser|session|passport|jwt|token|protect|verify", re.I)
#: Calls that read or change one stored record.
_RECORD_CALLS = frozenset({
    "query", "execute", "findByPk", "findById", "findOne", "findUnique", "findFirst", "findOneBy", "findOneOrFail",
    "findUniqueOrThrow", "update", "delete", "destroy", "deleteOne", "updateOne", "findByIdAndUpdate",
    "findByIdAndDelete", "findOneAndUpdate", "findOneAndDelete", "remove",
})  # fmt: skip


class JsMissingObjectAuthorization(JsRule):
    """An authenticated route loads a record by the id in the URL without scoping it to the user.

    ## What it does
    In a file whose route handlers read the signed-in user (`req.user`,
    `ctx.state.user`, `res.locals.user`), reports a `/:id` route guarded by an
    authentication middleware (`requireUser`, `passport.authenticate(...)`)
    whose handler reads or changes a record by the client-supplied `req.params` id
    (`pool.execute('... WHERE id = ?', [req.params.id])`, `findByPk`,
    `findById`, `findUnique`...) and never looks at the current user, unless a
    role/permission middleware guards the route.

    ## Why is this bad
    Authentication says who the caller is, not which records they may see.
    Any signed-in user can walk the ids (`/orders/1`, `/orders/2`, ...) and read
    or modify everyone's data (insecure direct object reference, CWE-639).
    Its sibling routes already filter by the user, so this one is an oversight.

    ## Example
    ```javascript
    router.get('/orders/:id', requireUser, async (req, res) => {
      const [rows] = await pool.execute('SELECT * FROM orders WHERE id = ?', [req.params.id]);
      res.json(rows[0]);
    });
    ```

    ## Use instead
    ```javascript
    const [rows] = await pool.execute('SELECT * FROM orders WHERE id = ? AND user_id = ?',
                                      [req.params.id, req.user.id]);
    ```
    """

    code = "SEC120"
    slug = "js-missing-object-authorization"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.LOW
    cwe = (639,)
    triggers = (b"req.user", b"request.user", b"ctx.state.user", b"res.locals.user", b"req.auth", b"req.session",
                b"ctx.session")
    query = "(call_expression function: (member_expression object: (identifier) @router property: (property_identifier) @method) arguments: (arguments) @args) @route"

    VALID = [
        # scoped to the user; the other route checks ownership after loading
        "router.get('/orders/:id', requireUser, async (req, res) => {\n"
        "  const [rows] = await pool.execute('SELECT * FROM orders WHERE id = ? AND user_id = ?', [req.params.id, req.user.id]);\n"
        "  res.json(rows[0]);\n});\nrouter.get('/docs/:id', requireUser, async (req, res) => {\n"
        "  const doc = await Doc.findByPk(req.params.id);\n  if (!doc || doc.ownerId !== req.user.id) return res.sendStatus(404);\n"
        "  res.json(doc);\n});\n",
        # no route-level middleware: access control lives where the router is mounted
        "router.get('/teams/:id', async (req, res) => {\n  res.json(await Team.findByPk(req.params.id));\n});\n"
        "router.get('/teams', async (req, res) => res.json(await Team.findAll({ where: { orgId: req.user.orgId } })));\n",
        # an admin-only route, and public catalogue data in a file with user routes
        "router.get('/users/:id', requireUser, requireAdmin, async (req, res) => {\n"
        "  res.json(await User.findByPk(req.params.id));\n});\n"
        "router.get('/me', requireUser, (req, res) => res.json(req.user));\n",
    ]
    INVALID = [
        "router.get('/orders', requireUser, async (req, res) => {\n"
        "  const [rows] = await pool.execute('SELECT * FROM orders WHERE user_id = ?', [req.user.id]);\n  res.json(rows);\n});\n"
        "router.get('/orders/:id', requireUser, async (req, res) => {\n"
        "  const [rows] = await pool.execute('SELECT * FROM orders WHERE id = ?', [req.params.id]);  // expect: SEC120\n"
        "  res.json(rows[0]);\n});\n",
        ("typescript", "router.delete('/notes/:noteId', auth, async (req: Request, res: Response) => {\n"
                       "  const { noteId } = req.params;\n  await prisma.note.delete({ where: { id: noteId } });  // expect: SEC120\n"
                       "  res.sendStatus(204);\n});\nrouter.get('/notes', auth, async (req: Request, res: Response) => {\n"
                       "  res.json(await prisma.note.findMany({ where: { authorId: req.user.id } }));\n});\n"),
        "app.put('/invoices/:id', ensureLoggedIn, async (req, res) => {\n"
        "  const invoice = await Invoice.findByIdAndUpdate(req.params.id, { paid: true });  // expect: SEC120\n"
        "  res.json(invoice);\n});\napp.get('/invoices', ensureLoggedIn, async (req, res) => {\n"
        "  res.json(await Invoice.find({ customer: req.user._id }));\n});\n",
    ]

    def check(self, captures):
        if text(captures["method"][0]) not in _ROUTE_METHODS:
            return
        args = [strip_parens(a) for a in captures["args"][0].named_children if a.type != "comment"]
        if len(args) < 2 or not is_function(args[-1]):
            return
        route = string_value(args[0]) or ""
        if not route.startswith("/") or ":" not in route:
            return
        middleware = [text(m) for m in args[1:-1]]
        if any(_PERMISSION_MIDDLEWARE.search(m) for m in middleware) or not any(_AUTH_MIDDLEWARE.search(m) for m in middleware):
            return  # access control is per route here: authentication without an ownership check is the gap
        handler = args[-1]
        if _CURRENT_USER.search(text(handler)) or not self._file_scopes_by_user(handler):
            return
        id_names = self._param_names(handler)
        for node in walk(handler):
            if node.type == "call_expression" and callee_method(node) in _RECORD_CALLS and \
                    node.child_by_field_name("function").type == "member_expression" and \
                    any(_uses_id(a, id_names) for a in call_args(node)):
                self.report(node, f"{callee_method(node)}() loads a record by the client-supplied id of "
                                  f"'{route}' without checking it belongs to the signed-in user (IDOR); add the "
                                  "user/tenant to the query or compare the owner before answering")
                return

    def _file_scopes_by_user(self, handler):
        """Another handler of this file reads the signed-in user: records here are per-user."""
        source = self.ctx.source.text
        own = text(handler)
        return _CURRENT_USER.search(source.replace(own, "")) is not None

    @staticmethod
    def _param_names(handler):
        """Locals destructured or copied from req.params: `const { id } = req.params`, `const id = req.params.id`."""
        names = set()
        for node in walk(handler):
            if node.type == "variable_declarator":
                value = text(node.child_by_field_name("value"))
                if re.match(r"^(req|request|ctx)\.params\b", value):
                    name = node.child_by_field_name("name")
                    names.update(text(c) for c in walk(name) if c.type in ("identifier", "shorthand_property_identifier_pattern"))
        return names


def _uses_id(arg, id_names):
    for node in walk(arg):
        if node.type == "member_expression" and re.match(r"^(req|request|ctx)\.params\.\w+$", text(node)):
            return True
        if node.type in ("identifier", "shorthand_property_identifier") and text(node) in id_names:
            return True
    return False
