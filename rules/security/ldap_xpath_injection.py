import libcst as cst

from codeaudit.analysis.helpers import arg, interpolated
from codeaudit.analysis.taint import TaintRule
from codeaudit.rule import Category, Confidence, Severity

#: method name -> (index of the filter/expression argument, keyword, kind)
_SINKS = {
    "search_s": (2, "filterstr", "LDAP filter"), "search": (2, "filterstr", "LDAP filter"),
    "search_ext_s": (2, "filterstr", "LDAP filter"), "search_st": (2, "filterstr", "LDAP filter"),
    "xpath": (0, "_path", "XPath expression"),
}  # fmt: skip
_LDAP3_SEARCH = (1, "search_filter", "LDAP filter")


class LdapXpathInjection(TaintRule):
    """LDAP filters or XPath expressions built from request data.

    ## What it does
    Reports python-ldap `search_s`/`search`, ldap3 `Connection.search` and lxml
    `.xpath()` calls whose filter or expression splices in request or command-line
    data with f-strings, `%`, `.format` or `+`.

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
    INVALID = [
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


def kwarg_present(node: cst.Call, name: str) -> bool:
    return any(a.keyword is not None and a.keyword.value == name for a in node.args)
