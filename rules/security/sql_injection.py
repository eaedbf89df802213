import re

import libcst as cst

from codeaudit.analysis.helpers import arg, in_value_position, interpolated, is_test_path, literal_text, pieces_with_prefix
from codeaudit.analysis.taint import TaintRule
from codeaudit.rule import Category, Confidence, Known, Severity

#: Methods and functions that run their first argument as SQL.
_METHODS = frozenset({"execute", "executemany", "executescript", "raw", "read_sql", "read_sql_query", "mogrify", "exec_driver_sql"})
_FUNCTIONS = frozenset({"sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text", "pandas.read_sql", "pandas.read_sql_query"})
_SQL = re.compile(r"(?i)\b(select|insert|update|delete|where|from|order\s+by|group\s+by|values|into|drop|create|alter|pragma|limit)\b")
_HOW = {cst.FormattedString: "an f-string", cst.BinaryOperation: "string operators", cst.Call: "str.format()"}


class SqlInjection(TaintRule):
    """SQL text built from values with f-strings, `%`, `.format` or `+`.

    ## What it does
    Reports `execute`/`executemany`/`executescript` (DB-API, sqlite3, psycopg, SQLAlchemy
    connections), SQLAlchemy `text()`, Django `raw()` and pandas `read_sql` calls whose
    SQL text splices in a non-constant value. Values that come from a request, `input()`
    or the command line are named in the message; constants, whitelisted lookups
    (`COLUMNS[key]`) and `int()` results are not reported.

    ## Why is this bad
    A quote in the value ends the string literal and the rest runs as SQL: the
    attacker reads or deletes any table. Placeholders send values separately from the
    statement so they can never change its structure.

    ## Example
    ```python
    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
    ```

    ## Use instead
    ```python
    cur.execute("SELECT * FROM users WHERE name = ?", (name,))
    ```
    """

    code = "SEC002"
    slug = "sql-injection"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (89,)
    triggers = (b"execute", b"text(", b"raw(", b"read_sql", b"mogrify", b"exec_driver_sql")

    VALID = [
        'def find(cur, name):\n    cur.execute("SELECT * FROM users WHERE name = ?", (name,))\n',
        'SORTABLE = {"name": "name", "age": "age"}\n'
        "def order(conn, sort, desc):\n"
        '    column = SORTABLE.get(sort, "name")\n'
        '    direction = "DESC" if desc else "ASC"\n'
        '    return conn.execute(f"SELECT * FROM users ORDER BY {column} {direction}")\n',
        'TABLE = "events"\ndef count(cur):\n    cur.execute(f"SELECT COUNT(*) FROM {TABLE}")\n',
        "def fetch(cur, ids):\n"
        '    marks = ", ".join("?" for _ in ids)\n'
        '    cur.execute(f"SELECT * FROM t WHERE id IN ({marks})", ids)\n',
        "def page(cur, n):\n    cur.execute(f\"SELECT * FROM t LIMIT {int(n)}\")\n",
        "def run(executor, job):\n    executor.execute(f'job {job}')\n",
        "def count(cursor, table):\n    cursor.execute('SELECT COUNT(*) FROM %s' % table)\n",
        "def drop(cursor, ops, name):\n    cursor.execute(f'DROP TABLE {ops.quote_name(name)}')\n",
        "def copy_rows(cursor, table, columns):\n"
        "    cursor.execute('INSERT INTO %s (%s) SELECT %s FROM old' % (table, columns, columns))\n",
    ]
    INVALID = [
        "from flask import request\n"
        "def search(cur):\n"
        '    q = request.args.get("q", "")\n'
        "    cur.execute(f\"SELECT * FROM users WHERE name = '{q}'\")  # expect: SEC002\n",
        "def by_role(cur, role):\n"
        "    cur.execute(\"SELECT * FROM users WHERE role = '%s'\" % role)  # expect: SEC002\n",
        "def by_term(cursor, term):\n"
        "    sql = \"SELECT * FROM invoice WHERE number LIKE '%\" + term + \"%'\"\n"
        "    cursor.execute(sql)  # expect: SEC002\n",
        "import pandas as pd\n"
        "def frame(engine, customer):\n"
        "    return pd.read_sql(\"SELECT * FROM sales WHERE customer = '{}'\".format(customer), engine)  # expect: SEC002\n",
        "from sqlalchemy import text\n"
        "def report(conn, region):\n"
        "    stmt = text(f\"SELECT * FROM sales WHERE region = '{region}'\")  # expect: SEC002\n"
        "    return conn.execute(stmt)\n",
    ]

    INVALID += [
        # taint through the module's own string-building helper
        "from flask import request\ndef build_filter(field, value):\n    return \"WHERE {} = '{}'\".format(field, value)\n"
        "def orders(db):\n    c = request.args.get('customer', '')\n    clause = build_filter('name', c) if c else ''\n"
        "    return db.execute(f'SELECT id FROM orders {clause}').fetchall()  # expect: SEC002\n",
        "from flask import request\ndef like(term):\n    pattern = '%' + term + '%'\n    return f\"name LIKE '{pattern}'\"\n"
        "def search(cur):\n    cur.execute('SELECT * FROM users WHERE ' + like(request.args['q']))  # expect: SEC002\n",
    ]
    INVALID += [
        # request values collected into a list of clauses, joined into the statement
        "from flask import request\ndef search(db):\n    clauses = ['1=1']\n    if request.args.get('status'):\n"
        "        clauses.append(\"status = '%s'\" % request.args['status'])\n"
        "    return db.execute('SELECT * FROM t WHERE ' + ' AND '.join(clauses))  # expect: SEC002\n",
        "from flask import request\ndef where(args):\n    parts = []\n    for key in ('city', 'tag'):\n"
        "        if key in args:\n            parts.append(f\"{key} = '{args[key]}'\")\n    return ' AND '.join(parts)\n"
        "def search(db):\n    sql = 'SELECT * FROM shops WHERE ' + where(request.args)\n"
        "    return db.execute(sql).fetchall()  # expect: SEC002\n",
    ]
    INVALID += [
        # a command-line value handed to the module's own helper
        "import argparse\ndef detach(cur, table, part):\n"
        "    cur.execute(f'ALTER TABLE {table} DETACH PARTITION {part}')  # expect: SEC002\n"
        "def main(argv=None):\n    p = argparse.ArgumentParser()\n    p.add_argument('table')\n"
        "    args = p.parse_args(argv)\n    detach(conn(), args.table, args.table + '_old')\n",
    ]
    VALID += [
        # the helper quotes the identifier, or only constants reach it
        "import argparse\nfrom psycopg2 import sql\ndef drop(cur, table):\n"
        "    cur.execute(sql.SQL('DROP TABLE {}').format(sql.Identifier(table)))\n"
        "def main():\n    args = argparse.ArgumentParser().parse_args()\n    drop(conn(), args.table)\n",
        "import argparse\ndef count(cur, table):\n    cur.execute(f'SELECT count(*) FROM {table}')\n"
        "def main():\n    args = argparse.ArgumentParser().parse_args()\n    count(conn(), 'events')\n",
    ]
    VALID += [
        # the values go to a parameter list; only placeholders are collected into the SQL text
        "from flask import request\ndef search(db):\n    clauses, params = ['1=1'], []\n"
        "    if request.args.get('status'):\n        clauses.append('status = ?')\n"
        "        params.append(request.args['status'])\n"
        "    return db.execute('SELECT * FROM t WHERE ' + ' AND '.join(clauses), params)\n",
        "from flask import request\ndef search(db):\n    cols = []\n    for c in request.args.getlist('col'):\n"
        "        if c in ('id', 'name'):\n            cols.append(c)\n    return db.execute('SELECT id FROM t', ())\n",
    ]
    VALID += [
        # the helper sanitises, or only the constant argument reaches the SQL
        "from flask import request\ndef page_size(v):\n    return min(int(v), 100)\ndef rows(cur):\n"
        "    n = page_size(request.args.get('n', '20'))\n    cur.execute('SELECT * FROM t LIMIT ?', (n,))\n",
        "from flask import request\ndef order_clause(col, direction):\n    return f'ORDER BY {col}'\n"
        "def rows(cur):\n    d = request.args.get('dir', 'asc')\n"
        "    cur.execute('SELECT * FROM t ' + order_clause('created_at', d))\n",
    ]

    KNOWN = [
        Known(
            "def where(name):\n    return f\"WHERE name = '{name}'\"\n"
            "def find(cur, name):\n    cur.execute('SELECT * FROM users ' + where(name))  # expect: SEC002\n",
            "a fragment built by another function from a plain parameter (no request data in sight) is not followed: only tainted values pass through helpers",
        )
    ]

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in _METHODS:
            pass
        elif self.ctx.call_name(node) not in _FUNCTIONS:
            return
        query = arg(node, 0, "sql")
        if query is None:
            return
        built = query
        if isinstance(query, cst.Name):
            built = self.taint.assigned_value(query.value) or query
        parts = interpolated(built)
        name = func.attr.value if isinstance(func, cst.Attribute) else self.ctx.call_name(node).split(".")[-1]
        if parts is None:
            origin = self.tainted(query)
            if origin is not None and not isinstance(built, cst.Call):
                self.report(node, f"{name}() runs SQL text taken from user input ({self.taint.evidence(origin)}); "
                                  "use a fixed statement with placeholders")  # fmt: skip
            return
        if not _SQL.search(literal_text(built)):
            return
        dynamic = [p for p in parts if not self.taint.is_static(p)]
        if not dynamic:
            return
        how = _HOW.get(type(built), "string operators")
        for part in dynamic:
            origin = self.tainted(part)
            if origin is not None and self.validated(origin):
                return
            if origin is not None:
                self.report(node, f"SQL built with {how} and passed to {name}(): {self.taint.evidence(origin)}; "
                                  "pass values as query parameters (placeholders) instead")  # fmt: skip
                return
        # No user input in sight: only values spliced where SQL expects a *value* (after `=`, inside quotes,
        # LIKE, IN (...), VALUES (...)) are defects regardless; identifiers (table/column names) from the
        # program itself are how schema code works.
        if is_test_path(self.ctx.path):
            return
        prefixes = {id(value): before for value, before in pieces_with_prefix(built)}
        dynamic = [p for p in dynamic if in_value_position(prefixes.get(id(p), "")) and not _quoted_identifier(self, p)]
        if not dynamic:
            return
        what = ", ".join(f"`{_short(self.ctx.code_of(p))}`" for p in dynamic[:3])
        self.report(
            node,
            f"SQL built with {how} from {what} and passed to {name}(); pass values as query parameters "
            "(placeholders) and whitelist identifiers",
            confidence=Confidence.MEDIUM,
        )


def _quoted_identifier(rule, node) -> bool:
    name = rule.ctx.call_name(node) if isinstance(node, cst.Call) else ""
    return bool(name) and any(w in name.split(".")[-1] for w in ("quote", "escape", "Identifier"))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."
