import re

from codeaudit.js import (FUNCTION_TYPES, call_args, enclosing_function, identifiers_in, string_value, strip_parens,
                          text, walk)
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

#: ORM calls that load every row of a table when given no filter.
_LOAD_ALL = frozenset({"find", "findMany", "findAll", "findAndCount"})
#: Option keys that filter rows in the database (TypeORM/Prisma/Sequelize `where`, Mongo filters aside).
_FILTER_KEYS = frozenset({"where", "take", "limit", "skip", "offset", "cursor", "first"})
_DB_NAME = re.compile(r"(^|\.)(prisma|db|database|knex|sequelize|em|manager|entityManager)$|"
                      r"(Repository|Repo|Model|Collection)$")
_DB_TYPE = re.compile(r"\b(Repository|EntityRepository|MongoRepository|Model|Collection|ModelStatic|"
                      r"PrismaClient|Delegate)\b")
_DB_MODULES = ("typeorm", "mongoose", "@prisma", "sequelize", "mongodb", "@mikro-orm")


class JsFilterAfterFetchAll(JsRule):
    """Loading a whole table with the ORM, then filtering the rows in JavaScript.

    ## What it does
    Reports `rows.filter(...)` / `rows.find(...)` on the result of an unfiltered
    ORM read in the same function (`repo.find()` or `find({ relations })`
    without `where`, Prisma `findMany()` without `where`, Sequelize `findAll()`,
    Mongoose `Model.find()` / `find({})`), when the callback compares a field of
    the row: a `WHERE` clause written in application code.

    ## Why is this bad
    Every row (with its relations) is read, sent over the network and turned
    into objects, to keep a few. It gets slower as the table grows, holds the
    whole table in memory, and cannot use an index.

    ## Example
    ```typescript
    const all = await this.orders.find({ relations: { customer: true } });
    return all.filter((o) => o.status === 'open' && o.customer.country === country);
    ```

    ## Use instead
    ```typescript
    return this.orders.find({
      where: { status: 'open', customer: { country } },
      relations: { customer: true },
    });
    ```
    """

    code = "EFF110"
    slug = "js-filter-after-fetch-all"
    category = Category.EFFICIENCY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    triggers = (b"find",)
    query = "(call_expression function: (member_expression object: (_) @rows property: (property_identifier) @method)) @call"

    VALID = [
        # the filter is in the query; filtering a filtered read further by a computed property
        ("typescript", "async function open(repo: Repository<Order>, country: string) {\n"
                       "  return repo.find({ where: { status: 'open', customer: { country } } });\n}\n"
                       "async function late(repo: Repository<Order>) {\n"
                       "  const rows = await repo.find({ where: { status: 'open' } });\n"
                       "  return rows.filter((o) => isLate(o));\n}\n"),
        # an array that is not a database read
        "async function f(api) {\n  const all = await api.list();\n  return all.filter((x) => x.status === 'open');\n}\n",
    ]
    INVALID = [
        ("typescript", "export class OrderService {\n  constructor(private orders: Repository<Order>) {}\n"
                       "  async openFor(country: string) {\n"
                       "    const all = await this.orders.find({ relations: { customer: true } });\n"
                       "    return all.filter((o) => o.status === 'open' && o.customer.country === country);  // expect: EFF110\n"
                       "  }\n}\n"),
        ("typescript", "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n"
                       "export async function admins() {\n  const users = await prisma.user.findMany();\n"
                       "  return users.filter((u) => u.role === 'admin');  // expect: EFF110\n}\n"),
        "const mongoose = require('mongoose');\nconst User = mongoose.model('User', schema);\n"
        "async function byEmail(email) {\n  const users = await User.find({}).lean();\n"
        "  return users.find((u) => u.email === email);  // expect: EFF110\n}\n",
    ]

    def check(self, captures):
        method = text(captures["method"][0])
        if method not in ("filter", "find"):
            return
        call, rows = captures["call"][0], strip_parens(captures["rows"][0])
        args = call_args(call)
        callback = strip_parens(args[0]) if args else None
        if callback is None or callback.type not in FUNCTION_TYPES or not self._compares_field(callback):
            return
        if rows.type == "await_expression" and rows.named_children:
            source = strip_parens(rows.named_children[0])
        elif rows.type == "identifier":
            source = self._awaited_value(rows)
        else:
            return
        if source is None or source.type != "call_expression" or not self._loads_all(source):
            return
        self.report(call, f"{text(rows) if rows.type == 'identifier' else 'the result'} holds every row of the "
                          f"table and {method}() picks rows in JavaScript: the whole table is read and sent each "
                          "time; put the condition in the query (where: {...})")

    def _awaited_value(self, ident):
        fn = enclosing_function(ident)
        values = self.js.local_values(fn).get(text(ident)) if fn is not None else None
        if not values or len(values) != 1:
            return None
        value = strip_parens(values[0])
        if value is None or value.type != "await_expression" or not value.named_children:
            return None
        return strip_parens(value.named_children[0])

    def _loads_all(self, call):
        # Model.find({}).lean() / .exec(): look through chained modifiers
        while True:
            fn = strip_parens(call.child_by_field_name("function"))
            if fn is not None and fn.type == "await_expression" and fn.named_children:
                fn = strip_parens(fn.named_children[0])
            if fn is None or fn.type != "member_expression":
                return False
            name = text(fn.child_by_field_name("property"))
            receiver = strip_parens(fn.child_by_field_name("object"))
            if name in ("lean", "exec", "populate", "sort", "select") and receiver.type == "call_expression":
                if name in ("lean", "exec", "populate", "select"):
                    call = receiver
                    continue
                return False
            break
        if name not in _LOAD_ALL or not self._db_receiver(receiver):
            return False
        args = call_args(call)
        if not args:
            return True
        first = strip_parens(args[0])
        if first.type != "object":
            return False
        keys = set()
        for pair in first.named_children:
            if pair.type == "pair":
                keys.add(string_value(pair.child_by_field_name("key")) or text(pair.child_by_field_name("key")))
            elif pair.type != "comment":
                return False  # shorthand / spread: a Mongo filter or options we cannot read
        if not keys:
            return True  # find({})
        # TypeORM/Prisma/Sequelize options object without a row filter
        return bool(keys & {"relations", "include", "order", "orderBy", "select", "attributes"}) and \
            not keys & _FILTER_KEYS

    def _db_receiver(self, receiver):
        qualified = self.js.qualified(receiver) or ""
        if qualified.split(".")[0].split("(")[0] in _DB_MODULES:
            return True
        if _DB_NAME.search(text(receiver)):
            return True
        if receiver.type == "member_expression":
            obj = strip_parens(receiver.child_by_field_name("object"))
            prop = text(receiver.child_by_field_name("property"))
            if obj is not None and _DB_NAME.search(text(obj)):
                return True  # prisma.user / this.prisma.user
            if obj is not None and obj.type == "this":
                return self._typed_as_db(prop)
        return False

    def _typed_as_db(self, name):
        """`private orders: Repository<Order>` as a class field or constructor parameter property."""
        for node in walk(self.js.root):
            if node.type in ("public_field_definition", "required_parameter", "optional_parameter"):
                ident = node.child_by_field_name("name") or node.child_by_field_name("pattern")
                annotation = node.child_by_field_name("type")
                if ident is not None and text(ident) == name and annotation is not None and \
                        _DB_TYPE.search(text(annotation)):
                    return True
        return False

    @staticmethod
    def _compares_field(callback):
        params = callback.child_by_field_name("parameters") or callback.child_by_field_name("parameter")
        names = identifiers_in(params) if params is not None else set()
        body = callback.child_by_field_name("body")
        for node in walk(body) if body is not None else ():
            if node.type == "binary_expression" and text(node.child_by_field_name("operator")) in ("===", "=="):
                for side in (node.child_by_field_name("left"), node.child_by_field_name("right")):
                    side = strip_parens(side)
                    if side.type == "member_expression" and identifiers_in(side) & names:
                        return True
        return False
