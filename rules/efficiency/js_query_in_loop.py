import re

from codeaudit.js import (FUNCTION_TYPES, LOOP_TYPES, call_args, identifiers_in, loop_element_names, loops_of,
                          string_value, strip_parens, text)
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

#: ORM read methods whose names say "database" on any receiver (TypeORM, Prisma, Sequelize, Mongoose).
STRONG_READS = frozenset({
    "findOne", "findOneBy", "findOneOrFail", "findOneByOrFail", "findUnique", "findUniqueOrThrow", "findFirst",
    "findFirstOrThrow", "findMany", "findById", "findByPk", "findAll", "findAndCountAll", "findAndCount",
    "countDocuments", "countBy",
})  # fmt: skip
#: Generic read names: a query only on a receiver that is visibly a database client or model.
WEAK_READS = frozenset({"find", "findBy", "count", "aggregate", "distinct", "exists", "get", "first", "select",
                        "where", "query", "execute", "all", "one", "oneOrNone", "any", "many", "manyOrNone"})
#: Module roots of database clients and ORMs (after the resolver's '/' -> '.' rewrite).
DB_MODULES = frozenset({"pg", "mysql", "mysql2", "@prisma", "mongoose", "mongodb", "sequelize", "knex", "typeorm",
                        "better-sqlite3", "sqlite3", "sqlite", "pg-promise", "mssql", "oracledb", "@mikro-orm",
                        "drizzle-orm", "objection"})
#: Receivers named like a database handle, an ORM repository or a model (`this.orders` is not enough).
_DB_RECEIVER = re.compile(r"(^|\.)(db|database|pool|knex|prisma|sequelize|conn|connection|pg|sql|"
                          r"manager|em|entityManager|tx|trx)$|(Repository|Repo|Model|Collection)$")
_SELECT = re.compile(r"^\s*(select|with)\b", re.I)
_REPO_VALUE = re.compile(r"\.(getRepository|getCustomRepository|getMongoRepository|model|collection)\s*\(")


def _callee(call):
    fn = strip_parens(call.child_by_field_name("function"))
    if fn is not None and fn.type == "await_expression" and fn.named_children:
        fn = strip_parens(fn.named_children[0])  # TS: `await f<T>(x)` is a call of `await f`
    return fn


class JsQueryInLoop(JsRule):
    """Database query per item of a loop (N+1 queries).

    ## What it does
    Reports an awaited database read inside a loop or an array callback
    (`for...of`, `forEach`/`map` callbacks, `Promise.all(items.map(async ...))`)
    whose arguments use the loop item: ORM reads such as `findOne`,
    `findUnique`, `findById`, `countDocuments`, `count`/`find` on a Prisma
    client, a Mongoose model or a TypeORM repository, and `SELECT` statements
    sent with `pool.query()` / `db.execute()`.

    ## Why is this bad
    One round trip per item: 200 users cost 201 queries. Latency grows with the
    list, and the database does far more work than one set-based query that
    fetches every row at once.

    ## Example
    ```javascript
    for (const user of users) {
      const { rows } = await pool.query('SELECT role FROM roles WHERE user_id = $1', [user.id]);
      user.roles = rows;
    }
    ```

    ## Use instead
    ```javascript
    const { rows } = await pool.query('SELECT user_id, role FROM roles WHERE user_id = ANY($1)',
                                      [users.map((u) => u.id)]);
    ```
    (`findBy({ id: In(ids) })` in TypeORM, `findMany({ where: { id: { in: ids } } })` in Prisma,
    `find({ _id: { $in: ids } })` or an aggregation `$group` in Mongoose, or an `include` / join)
    """

    code = "EFF104"
    slug = "js-query-in-loop"
    category = Category.EFFICIENCY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    triggers = (b"await",)
    query = "(await_expression) @await"

    VALID = [
        # one query for all ids; an INSERT per row is a write loop, not a lookup
        "const { Pool } = require('pg');\nconst pool = new Pool();\nasync function roles(ids) {\n"
        "  const { rows } = await pool.query('SELECT * FROM roles WHERE user_id = ANY($1)', [ids]);\n"
        "  for (const r of rows) {\n    await pool.query('INSERT INTO audit (id) VALUES ($1)', [r.id]);\n  }\n}\n",
        # array find with a callback, and a paginated read that does not use an item
        ("typescript", "async function all(repo: Repository<User>) {\n  const out = [];\n"
                       "  for (let page = 0; page < 10; page++) {\n"
                       "    out.push(...(await repo.find({ skip: page * 100, take: 100 })));\n  }\n"
                       "  return out.find((u) => u.admin);\n}\n"),
        # stops at the first hit: iterations depend on each other
        "async function firstKnown(User, emails) {\n  for (const email of emails) {\n"
        "    const u = await User.findOne({ email });\n    if (u) return u;\n  }\n  return null;\n}\n",
        # a Map lookup named get() is not a query
        "async function f(cache, keys) {\n  for (const k of keys) {\n    await cache.get(k);\n  }\n}\n",
    ]
    INVALID = [
        "const { Pool } = require('pg');\nconst pool = new Pool();\nasync function withRoles(users) {\n"
        "  for (const user of users) {\n"
        "    const { rows } = await pool.query('SELECT role FROM roles WHERE user_id = $1', [user.id]);  // expect: EFF104\n"
        "    user.roles = rows;\n  }\n}\n",
        ("typescript", "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n"
                       "export async function counts(teams: { id: string }[]) {\n  return Promise.all(\n"
                       "    teams.map(async (team) => ({\n"
                       "      ...team,\n      members: await prisma.user.count({ where: { teamId: team.id } }),  // expect: EFF104\n"
                       "    }))\n  );\n}\n"),
        ("typescript", "export class InvoiceService {\n  constructor(private orders: Repository<Order>) {}\n"
                       "  async lines(ids: number[]) {\n    const out = [];\n    for (const id of ids) {\n"
                       "      const o = await this.orders.findOne({ where: { id } });  // expect: EFF104\n"
                       "      if (o) out.push(o);\n    }\n    return out;\n  }\n}\n"),
        "const mongoose = require('mongoose');\nconst Post = mongoose.model('Post', schema);\n"
        "async function stats(tags) {\n  const out = {};\n  for (const tag of tags) {\n"
        "    out[tag] = await Post.countDocuments({ tags: tag });  // expect: EFF104\n  }\n  return out;\n}\n",
        ("typescript", "async function load(ds: DataSource, ids: number[]) {\n  for (const id of ids) {\n"
                       "    const u = await ds.manager.findOneBy<User>(User, { id });  // expect: EFF104\n  }\n}\n"),
        "async function authors(db, posts) {\n  for (let i = 0; i < posts.length; i++) {\n"
        "    posts[i].author = await db.collection('users').findOne({ _id: posts[i].authorId });  // expect: EFF104\n"
        "  }\n}\n",
    ]

    def check(self, captures):
        node = captures["await"][0]
        call = strip_parens(node.named_children[0]) if node.named_children else None
        parent = node.parent
        if call is not None and call.type == "member_expression" and parent is not None and \
                parent.type == "call_expression" and parent.child_by_field_name("function") == node:
            call = parent  # TS parses `await repo.findOne<T>(q)` as a call of `await repo.findOne`
        if call is None or call.type != "call_expression":
            return
        chain = self._chain(call)
        query = next((c for c in chain if self._is_read(c)), None)
        if query is None:
            return
        loops = loops_of(node, callbacks=True)
        if not loops:
            return
        used = set()
        for c in chain:
            args = c.child_by_field_name("arguments")
            if args is not None:
                used |= identifiers_in(args)
        loop = next((lp for lp in loops if loop_element_names(lp) & used), None)
        if loop is None or self._exits_early(loop):
            return
        fn = _callee(query)
        name = text(fn.child_by_field_name("property")) if fn.type == "member_expression" else text(fn)
        self.report(node, f"{name}() runs one database query per item (N+1 queries): latency and load grow with "
                          "the list; fetch all rows in one query (IN (...) / ANY($1) / In(ids) / $in) or with a "
                          "join/include, then match them in memory")

    @staticmethod
    def _chain(call):
        """`Model.find(q).sort(s).lean()` -> the three calls, outermost first."""
        out = []
        while call is not None and call.type == "call_expression":
            out.append(call)
            fn = _callee(call)
            if fn is None or fn.type != "member_expression":
                break
            call = strip_parens(fn.child_by_field_name("object"))
        return out

    def _is_read(self, call):
        fn = _callee(call)
        if fn is None or fn.type != "member_expression":
            return False
        method = text(fn.child_by_field_name("property"))
        receiver = strip_parens(fn.child_by_field_name("object"))
        args = call_args(call)
        if method in ("query", "execute", "all", "get", "one", "oneOrNone", "any", "many", "manyOrNone"):
            sql = string_value(args[0]) if args else None
            if sql is None and args and strip_parens(args[0]).type == "template_string":
                sql = text(args[0])[1:]
            if sql is not None:
                return bool(_SELECT.match(sql))
            if method in ("get", "all", "one", "any"):
                return False
        if method in STRONG_READS:
            return not any(strip_parens(a).type in FUNCTION_TYPES for a in args)
        if method not in WEAK_READS or any(strip_parens(a).type in FUNCTION_TYPES for a in args):
            return False
        return self._db_receiver(receiver)

    def _db_receiver(self, receiver):
        qualified = self.js.qualified(receiver) or ""
        root = qualified.split(".")[0].split("(")[0]
        if root in DB_MODULES:
            return True
        if receiver.type == "call_expression" and _REPO_VALUE.search(text(receiver)):
            return True  # db.collection('users').findOne(...)
        last = text(receiver)
        if _DB_RECEIVER.search(last):
            return True
        if receiver.type == "member_expression":
            obj = strip_parens(receiver.child_by_field_name("object"))
            # prisma.user.count / this.prisma.user.count / db.users.find
            if obj is not None and _DB_RECEIVER.search(text(obj)):
                return True
        if receiver.type == "identifier":
            values = self.js.values_of(text(receiver), receiver) or []
            return any(_REPO_VALUE.search(text(v)) for v in values if v is not None)
        return False

    @staticmethod
    def _exits_early(loop):
        if loop.type not in LOOP_TYPES:
            return False
        body = loop.child_by_field_name("body")
        stack = [body] if body is not None else []
        while stack:
            node = stack.pop()
            if node.type in ("break_statement", "return_statement", "throw_statement"):
                return True
            stack.extend(c for c in node.children if c.type not in FUNCTION_TYPES)
        return False
