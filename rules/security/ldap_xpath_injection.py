import re

import libcst as cst

from codeaudit.analysis.helpers import arg, interpolated, is_test_path, pieces_with_prefix
from codeaudit.analysis.taint import TaintRule
from codeaudit.rule import Category, Confidence, Severity

#: method name -> (index of the filter/expression argument, keyword, kind)
_SINKS = {
    "search_s": (2, "filterstr", "LDAP filter"), "search": (2, "filterstr", "LDAP filter"),
    "search_ext_s": (2, "filterstr", "LDAP filter"), "search_st": (2, "filterstr", "LDAP filter"),
    "xpath": (0, "_path", "XPath expression"),
}  # fmt: skip
_LDAP3_SEARCH = (1, "search_filter", "LDAP filter")
#: the literal before a spliced value ends an LDAP assertion: `(uid=`, `(cn=*`, `(mail>=`
_ASSERTION_VALUE = re.compile(r"[~<>]?=\*?$")


class LdapXpathInjection(TaintRule):
    """LDAP filters or XPath expressions built from request data.

    ## What it does
    Reports python-ldap `search_s`/`search`, ldap3 `Connection.search` and lxml
    `.xpath()` calls whose filter or expression splices in request or command-line
    data with f-strings, `%`, `.format` or `+`. An LDAP filter that splices a
    variable (a parameter, say) into an assertion value (`(cn=*{name}*)`) without
    `escape_filter_chars` is reported with medium confidence even when the
    value's source is not in sight.

    ## Why is this bad
    `*)(uid=*))(|(uid=*` in a user name rewrites the LDAP filter to match every
    account (authentication bypass, data dump); `' or '1'='1` does the same to XPath.

    ## Example
    ```python
    conn.search_s(BASE, ldap.SCOPE_SUBTREE, f"(uid={username})")
    ```

    ## Use instead
    ```python
    from ldap.filter import escape_filter_chars
    conn.search_s(BASE, ldap.SCOPE_SUBTREE, f"(uid={escape_filter_chars(username)})")
    # lxml: tree.xpath("//user[@name=$name]", name=username)
    ```
    """

    code = "SEC030"
    slug = "ldap-xpath-injection"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (90, 643)
    triggers = (b"ldap", b"xpath", b"search_s", b"search_ext")

    VALID = [
        "from ldap.filter import escape_filter_chars\nfrom flask import request\ndef find(conn):\n"
        "    u = escape_filter_chars(request.args['u'])\n    return conn.search_s('dc=x', 2, f'(uid={u})')\n",
        "from flask import request\ndef find(tree):\n    return tree.xpath('//user[@name=$n]', n=request.args['u'])\n",
    ]
    VALID += [
        "import ldap\nBASE_FILTER = '(objectClass=person)'\ndef everyone(conn, base):\n"
        "    return conn.search_s(base, ldap.SCOPE_SUBTREE, f'(&{BASE_FILTER}(active=TRUE))')\n",
        "import ldap\nfrom ldap.filter import escape_filter_chars\ndef by_mail(conn, base, mail):\n"
        "    return conn.search_s(base, ldap.SCOPE_SUBTREE, '(mail=%s)' % escape_filter_chars(mail))\n",
        "import ldap\ndef groups(conn, group_filter, base):\n"
        "    return conn.search_s(base, ldap.SCOPE_SUBTREE, '(&(objectClass=group)' + group_filter + ')')\n",
    ]
    INVALID = [
        "import ldap\ndef people(conn, base, name):\n"
        "    flt = '(&(objectClass=person)(|(cn=*{0}*)(mail={0}*)))'.format(name)\n"
        "    return conn.search_s(base, ldap.SCOPE_SUBTREE, flt, ['cn'])  # expect: SEC030\n",
        "import ldap\nclass Directory:\n    def member_of(self, uid):\n"
        "        return self.conn.search_s(self.base, ldap.SCOPE_SUBTREE, f'(memberUid={uid})')  # expect: SEC030\n",
        "from flask import request\ndef find(conn):\n    u = request.args['u']\n"
        "    return conn.search_s('dc=x', 2, f'(uid={u})')  # expect: SEC030\n",
        "from flask import request\ndef find(tree):\n    name = request.args['name']\n"
        "    return tree.xpath(\"//user[@name='\" + name + \"']\")  # expect: SEC030\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute):
            return
        method = func.attr.value
        spec = _SINKS.get(method)
        if method == "search" and kwarg_present(node, "search_filter"):
            spec = _LDAP3_SEARCH
        if spec is None:
            return
        index, keyword, kind = spec
        if method == "search" and "ldap" not in self.ctx.source.text:
            return
        value = arg(node, index, keyword)
        if value is None:
            return
        if isinstance(value, cst.Name):
            value = self.taint.assigned_value(value.value) or value
        parts = interpolated(value)
        if not parts:
            return
        for part in self.dynamic_parts(parts):
            if isinstance(part, cst.Call) and "escape" in (self.ctx.call_name(part) or ""):
                continue
            origin = self.tainted(part)
            if origin is not None:
                self.report(node, f"{kind} built from user input ({self.taint.evidence(origin)}): special characters "
                                  "change its meaning; escape the value (escape_filter_chars) or use XPath variables")  # fmt: skip
                return
        if kind != "LDAP filter" or is_test_path(self.ctx.path):
            return
        dynamic = {id(p) for p in self.dynamic_parts(parts)}
        for part, before in pieces_with_prefix(value):
            if id(part) not in dynamic or not _ASSERTION_VALUE.search(before):
                continue
            bound = self.taint.assigned_value(part.value) if isinstance(part, cst.Name) else None
            if any(isinstance(v, cst.Call) and any(w in (self.ctx.call_name(v) or "") for w in ("escape", "filter_format"))
                   for v in (part, bound)):
                continue
            self.report(node, f"LDAP filter splices `{self.ctx.code_of(part)[:40]}` into an assertion value without "
                              "escaping: `*`, `(` or `)` in it rewrites the filter (match every entry, bypass checks); "
                              "escape it with ldap.filter.escape_filter_chars() or build it with filter_format()",
                        confidence=Confidence.MEDIUM)
            return


def kwarg_present(node: cst.Call, name: str) -> bool:
    return any(a.keyword is not None and a.keyword.value == name for a in node.args)
