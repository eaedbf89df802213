from codeaudit.js import call_args, callee, callee_method, enclosing_function, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

#: MongoDB driver / Mongoose methods whose first argument is a query filter.
_FILTER_METHODS = {
    "find", "findOne", "findOneAndUpdate", "findOneAndDelete", "findOneAndReplace", "findOneAndRemove",
    "updateOne", "updateMany", "deleteOne", "deleteMany", "replaceOne", "countDocuments", "count", "exists",
    "distinct", "where",
}  # fmt: skip
#: Conversions that turn a request value into a scalar (no `$ne`/`$where` operator object survives).
_SCALAR = {"String", "Number", "Boolean", "parseInt", "parseFloat", "ObjectId", "Types.ObjectId", "escapeRegExp"}


class JsNoSqlInjection(JsRule):
    """Request data used as (part of) a MongoDB query filter without type checks.

    ## What it does
    In files that use `mongoose` or `mongodb`, reports `find/findOne/updateOne/
    deleteMany/countDocuments/...` calls whose filter is request data itself
    (`Model.find(req.body)`), spreads request data into the filter
    (`{ published: true, ...filter }`), or uses a request value as a field value
    without converting it to a scalar (`{ email: req.body.email }`).

    ## Why is this bad
    JSON bodies and `qs` query strings (`?user[$ne]=x`) produce objects, so the
    client can send operators: `{"$ne": null}` matches every password,
    `{"$where": "..."}` runs JavaScript, and a spread filter lets the caller drop
    `published: true` or query any field.

    ## Example
    ```javascript
    const { filter = {} } = req.body;
    const docs = await Article.find({ published: true, ...filter });
    ```

    ## Use instead
    Copy only known fields and convert them to scalars
    (`{ author: String(req.body.author) }`), validate the body with a schema, or
    enable `mongoose.set('sanitizeFilter', true)`.
    """

    code = "SEC117"
    slug = "js-nosql-injection"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    cwe = (943,)
    triggers = (b"mongoose", b"mongodb")
    query = "(call_expression) @call"

    VALID = [
        "const mongoose = require('mongoose');\nrouter.get('/a/:author', async (req, res) => {\n"
        "  res.json(await Article.find({ author: String(req.params.author), published: true }).lean());\n});\n",
        "const mongoose = require('mongoose');\nrouter.post('/s', async (req, res) => {\n"
        "  const { limit = 20 } = req.body;\n  res.json(await Article.find({ published: true }).limit(Number(limit)));\n});\n",
        "const { MongoClient } = require('mongodb');\nasync function byTag(tag) {\n"
        "  return db.collection('posts').find({ tags: tag, ...DEFAULT_FILTER }).toArray();\n}\n",
        "const mongoose = require('mongoose');\nconst names = users.find((u) => u.id === req.params.id);\n"
        "app.get('/g', async (req, res) => {\n  const pattern = new RegExp(escapeRegExp(req.query.q), 'i');\n"
        "  res.json(await Article.find({ title: pattern }));\n});\n",
        "const mongoose = require('mongoose');\napp.post('/login', async (req, res) => {\n"
        "  const email = String(req.body.email);\n  const { password } = req.body;\n"
        "  if (typeof password !== 'string') return res.sendStatus(400);\n"
        "  const user = await User.findOne({ email: email, password });\n  res.json({ ok: !!user });\n});\n",
    ]
    INVALID = [
        "const mongoose = require('mongoose');\nrouter.post('/search', async (req, res) => {\n"
        "  const { filter = {} } = req.body;\n"
        "  const docs = await Article.find({ published: true, ...filter })  // expect: SEC117\n    .limit(20);\n"
        "  res.json(docs);\n});\n",
        "const mongoose = require('mongoose');\napp.post('/login', async (req, res) => {\n"
        "  const user = await User.findOne({ email: req.body.email, password: req.body.password });  // expect: SEC117\n"
        "  res.json({ ok: !!user });\n});\n",
        ("typescript", "import { MongoClient } from 'mongodb';\nexport async function purge(req: Request) {\n"
                       "  await db.collection('sessions').deleteMany(req.query);  // expect: SEC117\n}\n"),
    ]

    def check(self, captures):
        call = captures["call"][0]
        if callee_method(call) not in _FILTER_METHODS:
            return
        fn = callee(call)
        if fn is None or fn.type != "member_expression" or b"sanitizeFilter" in self.ctx.source.data:
            return
        args = call_args(call)
        if not args:
            return
        filt = strip_parens(args[0])
        if filt.type == "identifier":
            values = [strip_parens(v) for v in self.js.values_of(text(filt), call) or [] if v is not None]
            if values and all(v.type == "object" for v in values):
                filt = values[0]
        if filt.type == "object":
            problem = self._object_problem(filt, call)
        elif filt.type in ("identifier", "member_expression") and self.js.is_tainted(filt):
            problem = "the filter is request data"
        else:
            problem = None
        if problem:
            self.report(call, f"NoSQL injection: {problem}, so a client can send query operators ($ne, $gt, "
                              "$where); copy known fields and convert them with String()/Number()")

    def _object_problem(self, obj, call):
        for child in obj.named_children:
            if child.type == "spread_element":
                inner = child.named_children[0] if child.named_children else None
                if inner is not None and self.js.is_tainted(inner):
                    return f"request data is spread into the filter ({text(inner)})"
            elif child.type in ("pair", "shorthand_property_identifier"):
                value = strip_parens(child.child_by_field_name("value")) if child.type == "pair" else child
                if value is None or self._scalar(value, call) or self._type_checked(call):
                    continue
                if value.type in ("member_expression", "subscript_expression", "identifier",
                                  "shorthand_property_identifier") and self.js.is_tainted(value):
                    key = text(child.child_by_field_name("key")) if child.type == "pair" else text(child)
                    return f"'{key}' takes a request value unchecked"
        return None

    def _scalar(self, value, call, depth=0):
        if value.type == "new_expression":
            return True  # new RegExp(...) / new ObjectId(...): not an operator object
        if value.type == "call_expression":
            return (self.js.call_name(value) or "") in _SCALAR
        if value.type in ("identifier", "shorthand_property_identifier") and depth < 3:
            values = self.js.values_of(text(value), call) or []
            return bool(values) and all(v is not None and self._scalar(strip_parens(v), call, depth + 1) for v in values)
        return False

    @staticmethod
    def _type_checked(call):
        fn = enclosing_function(call)
        return fn is not None and b"typeof " in fn.text
