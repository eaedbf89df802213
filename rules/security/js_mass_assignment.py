import re

from codeaudit.js import call_args, callee_method, enclosing_function, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

#: ORM write methods -> index of the argument holding the attribute values.
_WRITES = {
    "update": 0, "create": 0, "build": 0, "set": 0, "upsert": 0, "insert": 0, "save": 0, "bulkCreate": 0,
    "updateAttributes": 0, "merge": 1, "findByIdAndUpdate": 1, "findOneAndUpdate": 1, "updateOne": 1,
    "updateMany": 1, "patch": 0, "$set": 0,
}  # fmt: skip
#: Qualified prefixes of objects whose update/set/write take data, not model attributes.
_NOT_MODELS = ("crypto.", "node:crypto.", "Buffer.", "zlib.", "stream.")
#: Parameter names that hold a whole client payload by convention.
_BODY_PARAM = re.compile(r"^(body|reqBody|requestBody|rawBody|payload)$")
#: Option keys that restrict which attributes are written (Sequelize `fields`, Mongoose `strict`...).
_ALLOWLIST_OPTIONS = ("fields", "attributes", "strict", "allowedFields", "select")


class JsMassAssignment(JsRule):
    """The whole request body is written into a model (`user.update(req.body)`).

    ## What it does
    Reports ORM writes (`update`, `create`, `set`, `save`, `merge`,
    `findByIdAndUpdate`, Prisma `data:`), `Object.assign(model, ...)` and
    `new Model(...)` whose values are the whole request body (`req.body`,
    `ctx.request.body`), directly or through a local variable or a parameter
    named `body`/`payload`, when no field allow-list is passed.

    ## Why is this bad
    The client chooses which columns change: adding `"role": "admin"`,
    `"verified": true` or `"teamId": 7` to a profile update escalates privileges
    or moves the record to another tenant (mass assignment, CWE-915).

    ## Example
    ```javascript
    await user.update(req.body);
    ```

    ## Use instead
    ```javascript
    const { displayName, avatarUrl } = req.body;   // or a validation schema that strips unknown keys
    await user.update({ displayName, avatarUrl });
    ```
    """

    code = "SEC119"
    slug = "js-mass-assignment"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    cwe = (915,)
    triggers = (b"body", b"Body", b"payload", b".json()")
    query = "[(call_expression) (new_expression)] @call"

    VALID = [
        "app.patch('/me', async (req, res) => {\n  const { displayName, avatarUrl } = req.body;\n"
        "  await req.user.update({ displayName, avatarUrl });\n  res.sendStatus(204);\n});\n",
        # an allow-list passed to Sequelize, a validated payload, and a response body
        "async function save(user, body) {\n  await user.update(body, { fields: ['displayName', 'bio'] });\n}\n"
        "app.post('/u', async (req, res) => {\n  const data = ProfileSchema.parse(req.body);\n  await User.create(data);\n"
        "  res.json(Object.assign({}, req.body, { ok: true }));\n});\n",
        # `body` that is an HTTP response or a message, not a model write
        "async function relay(body) {\n  cache.set(key, body);\n  await res.send(body);\n}\n"
        "function onMessage(body) { queue.push(body); }\n",
        # fields destructured from the body, and a signature over the raw body
        "const crypto = require('crypto');\napp.post('/r', async (req, res) => {\n  const { from, to } = req.body;\n"
        "  const range = new Range(new Date(from), new Date(to));\n  res.json(await Report.create(range.toJSON()));\n});\n"
        "function sign(body) { return crypto.createHmac('sha256', KEY).update(body).digest('hex'); }\n"
        "function digest(body) { const h = crypto.createHash('sha1'); h.update(body); return h.digest('hex'); }\n",
    ]
    INVALID = [
        "class UserRepo {\n  async updateProfile(userId, body) {\n    const user = await User.findByPk(userId);\n"
        "    await user.update(body);  // expect: SEC119\n    return user;\n  }\n}\n",
        "router.put('/users/:id', async (req, res) => {\n"
        "  const user = await User.findByIdAndUpdate(req.params.id, req.body, { new: true });  // expect: SEC119\n"
        "  res.json(user);\n});\n",
        ("typescript", "export async function PATCH(req: Request, ctx: Ctx) {\n  const input = await req.json();\n"
                       "  return prisma.account.update({ where: { id: ctx.params.id }, data: input });  // expect: SEC119\n}\n"),
        "app.post('/settings', async (req, res) => {\n  const settings = await Settings.findOne({ owner: req.user.id });\n"
        "  Object.assign(settings, req.body);  // expect: SEC119\n  await settings.save();\n  res.json(settings);\n});\n",
    ]

    def check(self, captures):
        call = captures["call"][0]
        args = call_args(call)
        if not args:
            return
        if call.type == "new_expression":
            ctor = text(call.child_by_field_name("constructor"))
            if ctor[:1].isupper() and "." not in ctor and ctor not in ("Error", "URL", "Response", "Request", "Map",
                                                                      "Set", "Blob", "Promise") \
                    and self._whole_request_body(args[0], call):
                self._report(call, f"new {ctor}()")
            return
        name = self.js.call_name(call) or ""
        if name == "Object.assign":
            target = strip_parens(args[0])
            if target.type == "identifier" and any(self._whole_request_body(a, call) for a in args[1:]):
                self._report(call, "Object.assign()")
            return
        method = callee_method(call)
        fn = call.child_by_field_name("function")
        if method not in _WRITES or fn is None or fn.type != "member_expression":
            return
        receiver = strip_parens(fn.child_by_field_name("object"))
        if receiver.type not in ("identifier", "member_expression", "this") or name.startswith(_NOT_MODELS):
            return  # crypto.createHmac(...).update(body), hash.update(body), stream/buffer writes: not a model
        index = _WRITES[method]
        if len(args) <= index:
            return
        if any(key in text(a) for a in args[index + 1:] for key in _ALLOWLIST_OPTIONS):
            return
        values = strip_parens(args[index])
        if values.type == "object":  # Prisma / TypeORM style: { where, data: body }
            for pair in values.named_children:
                if pair.type == "pair" and text(pair.child_by_field_name("key")) in ("data", "create", "update"):
                    if self._payload(pair.child_by_field_name("value"), call):
                        self._report(call, f"{method}() data")
                        return
            return
        if self._payload(values, call):
            self._report(call, f"{method}()")

    def _report(self, call, what):
        self.report(call, f"{what} writes the whole client payload into the model: the client can set any column "
                          "(role, verified, owner/tenant ids); copy only the fields it may change, or validate "
                          "with a schema that strips unknown keys")

    def _payload(self, node, call):
        """The whole request body, or a parameter of the enclosing function named like a client payload."""
        node = strip_parens(node)
        if node is None:
            return False
        if self._whole_request_body(node, call):
            return True
        if node.type != "identifier" or not _BODY_PARAM.match(text(node)):
            return False
        fn = enclosing_function(call)
        params = fn.child_by_field_name("parameters") if fn is not None else None
        names = {text(p).split(":")[0].split("=")[0].strip() for p in params.named_children} if params is not None else set()
        return text(node) in names and not self._reassigned(text(node), fn)

    def _whole_request_body(self, node, call, depth=0):
        node = strip_parens(node)
        if node is None or depth > 4:
            return False
        if node.type == "await_expression" and node.named_children:
            inner = strip_parens(node.named_children[0])
            return inner.type == "call_expression" and text(inner) in ("req.json()", "request.json()")
        if node.type in ("member_expression",):
            return text(node) in ("req.body", "request.body", "ctx.request.body")
        if node.type == "object":
            return any(c.type == "spread_element" and self._whole_request_body(c.named_children[0], call, depth + 1)
                       for c in node.named_children)
        if node.type == "identifier":  # `const changes = req.body`, not `const { from, to } = req.body`
            values = self.js.values_of(text(node), call) or []
            return any(v is not None and _bound_whole(v) and self._whole_request_body(v, call, depth + 1)
                       for v in values)
        return False

    @staticmethod
    def _reassigned(name, fn):
        """`body = pick(body, ALLOWED)` or a destructuring of the parameter: the function filters it."""
        body = fn.child_by_field_name("body")
        source = text(body) if body is not None else ""
        return re.search(rf"\b{re.escape(name)}\s*=[^=]|\}}\s*=\s*{re.escape(name)}\b", source) is not None


def _bound_whole(value):
    """The value is bound to a plain name (not destructured into single fields)."""
    parent = value.parent
    if parent is not None and parent.type == "variable_declarator":
        return parent.child_by_field_name("name").type == "identifier"
    return True
