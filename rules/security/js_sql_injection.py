import re

from codeaudit.js import call_args, callee, callee_method, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_QUERY_METHODS = {"query", "execute", "raw", "$queryRawUnsafe", "$executeRawUnsafe", "run", "all", "get", "exec",
                  "prepare", "each", "whereRaw", "orderByRaw", "havingRaw", "many", "one", "oneOrNone", "none", "any",
                  "manyOrNone", "result"}
#: Bytes prefilter: a word of _SQL or of the condition methods, any case.
_SQL_WORD = re.compile(rb"(?i)select|insert|update|delete|where|order|create|drop|alter|having")
#: Query-builder condition methods (TypeORM, Knex, Sequelize literal helpers) that take raw SQL fragments.
_CONDITION_METHODS = {"where", "andWhere", "orWhere", "having", "andHaving", "orHaving"}
#: A SQL condition fragment: a comparison/LIKE/IN operator next to a quoted or substituted value.
_CONDITION = re.compile(r"(\b(i?like|in|is|between)\b|[=<>]|<>|!=)\s*['\"(%]*$", re.I)
_SQL = re.compile(r"\b(select\b.*\bfrom|insert\s+into|update\b.*\bset|delete\s+from|where|order\s+by|(create|drop|alter)\s+table)\b", re.I | re.S)


class JsSqlInjection(JsRule):
    """SQL text built with template literals or `+` passed to a query function.

    ## What it does
    Reports calls such as `pool.query`, `db.execute`, `knex.raw`,
    `sequelize.query` or sqlite's `db.all/run/get` whose SQL argument is a template
    literal with substitutions or a string concatenation of non-constant values.

    ## Why is this bad
    Values pasted into SQL text are parsed as SQL: `'; DROP TABLE users; --` or
    `' OR '1'='1` in a search term rewrites the query.

    ## Example
    ```javascript
    await pool.query(`SELECT * FROM users WHERE name ILIKE '%${term}%'`);
    ```

    ## Use instead
    Use placeholders and pass the values separately:
    ```javascript
    await pool.query("SELECT * FROM users WHERE name ILIKE '%' || $1 || '%'", [term]);
    ```
    """

    code = "SEC103"
    slug = "js-sql-injection"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (89,)

    @classmethod
    def wanted(cls, data):
        """Every report needs a SQL keyword (in the text or a where/having method): skip files without one."""
        return _SQL_WORD.search(data) is not None

    query = "(call_expression) @call"

    VALID = [
        "const COLUMNS = new Set(['title', 'rank']);\nrouter.get('/l', async (req, res) => {\n"
        "  const col = COLUMNS.has(req.query.by) ? req.query.by : 'rank';\n"
        "  await db.query(`SELECT * FROM lists ORDER BY ${col}`);\n});\n",
        "db.query('SELECT * FROM users WHERE id = ?', [id]);\n",
        "const T = 'users';\npool.query(`SELECT * FROM ${T} WHERE id = $1`, [id]);\n",
        "cache.get(`user:${id}`);\nrouter.get('/users/' + id, h);\nre.exec(`select ${x}`);\n",
        ("typescript", "export function byName(repo: Repository<User>, name: string, alias = 'u') {\n"
                       "  return repo.createQueryBuilder(alias)\n    .where('u.name ILIKE :name', { name: `%${name}%` })\n"
                       "    .andWhere(`${alias}.deletedAt IS NULL`)\n    .getMany();\n}\n"),
        "const rows = items.where(`status = 'open'`);\nknex('t').where(`${col}`, value);\n",
    ]
    INVALID = [
        ("javascript", "router.get('/l', async (req, res) => {\n  const col = !COLUMNS.has(req.query.by) ? req.query.by : 'rank';\n"
                       "  await db.query(`SELECT * FROM lists ORDER BY ${col}`);  // expect: SEC103\n});\n"),
        "pool.query(`SELECT * FROM users WHERE name = '${name}'`);  // expect: SEC103\n",
        "knex.raw('SELECT * FROM t WHERE id = ' + req.params.id);  // expect: SEC103\n",
        ("typescript", "const sql = `DELETE FROM jobs WHERE id = ${id}`;\nawait sequelize.query(sql);  // expect: SEC103\n"),
        ("typescript", "export async function search(repo: Repository<Order>, name: string) {\n"
                       "  return repo\n    .createQueryBuilder('o')\n    .innerJoin('o.customer', 'c')\n"
                       "    .where(`c.name ILIKE '%${name}%'`)  // expect: SEC103\n    .getMany();\n}\n"),
        ("typescript", "export async function open(qb: SelectQueryBuilder<Job>, status: string, ids: string) {\n"
                       "  qb.andWhere(`j.status = '${status}'`);  // expect: SEC103\n"
                       "  qb.orWhere(`j.id IN (${ids})`);  // expect: SEC103\n}\n"),
        ("typescript", "app.get('/r', async (req: Request, res: Response) => {\n  const from = String(req.query.from);\n"
                       "  const rows = await prisma.$queryRawUnsafe<Row[]>(  // expect: SEC103\n"
                       "    `SELECT * FROM events WHERE created_at >= '${from}'`\n  );\n  res.json(rows);\n});\n"),
    ]

    def check(self, captures):
        call = captures["call"][0]
        method = callee_method(call)
        fn = callee(call)
        if fn is None or fn.type != "member_expression":
            return
        args = call_args(call)
        if not args:
            return
        sql = strip_parens(args[0])
        if method in _CONDITION_METHODS:
            if self._condition_built(sql, call):
                self.report(self._anchor(fn, call), f"SQL condition text built from data is passed to {method}(); "
                            "use a named parameter (`c.name ILIKE :name`, { name: `%${name}%` }) instead")
            return
        if method not in _QUERY_METHODS:
            return
        if sql.type == "identifier":
            values = self.js.values_of(text(sql), call) or []
            built = [strip_parens(v) for v in values if v is not None and self._built(strip_parens(v), call)]
            if not built:
                return
        elif not self._built(sql, call):
            return
        self.report(self._anchor(fn, call), f"SQL text built from data is passed to {method}(); use placeholders ($1 / ?) and pass "
                          "the values as parameters")

    @staticmethod
    def _anchor(fn, call):
        """The line of `.where(` in a multi-line builder chain (the line to change), else the call."""
        prop = fn.child_by_field_name("property")
        return prop if prop is not None and prop.start_point[0] != call.start_point[0] else call

    def _condition_built(self, node, call):
        """`c.name ILIKE '%${name}%'`: a template literal that pastes a value right after a SQL operator."""
        if node.type != "template_string" or self.js.is_constant(node, call):
            return False
        before = ""
        for child in node.named_children:
            if child.type == "template_substitution":
                inner = child.named_children[0] if child.named_children else None
                if _CONDITION.search(before) and not self.js.is_constant(inner, call):
                    return True
                before = ""
            else:
                before += text(child)
        return False

    def _built(self, node, call):
        if node.type not in ("template_string", "binary_expression"):
            return False
        if node.type == "binary_expression" and text(node.child_by_field_name("operator")) != "+":
            return False
        literal = " ".join(text(n) for n in node.named_children if n.type in ("string", "string_fragment"))
        if node.type == "binary_expression":
            literal = text(node)
        return bool(_SQL.search(literal)) and not self.js.is_constant(node, call)
