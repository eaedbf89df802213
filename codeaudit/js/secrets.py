"""Secret-looking names and values, shared by the hard-coded secret (SEC114) and placeholder credential (AIT102) rules."""
from __future__ import annotations

import re

from codeaudit.js import string_value, strip_parens, text

_SECRET_NAME = re.compile(
    r"(secret|passw(or)?d|passwd|pwd|api_?key|apikey|private_?key|access_?key|auth_?token|access_?token|"
    r"client_?secret|signing_?key|encryption_?key|jwt_?key|session_?key|webhook_?secret|credentials?$)", re.I)
NOT_SECRET_NAME = re.compile(r"(url|uri|path|file|name|label|header|field|env|var|key_?id|placeholder|length|"
                              r"min|max|regex|pattern|type|prefix|hint|message|error|input|policy|reset)$", re.I)
#: Values with a well-known secret format, whatever the name.
_KNOWN_FORMATS = re.compile(r"^(sk_live_[0-9a-zA-Z]{16,}|rk_live_|AKIA[0-9A-Z]{16}$|ghp_[0-9A-Za-z]{30,}|"
                            r"xox[baprs]-[0-9A-Za-z-]{10,}|SG\.[\w-]{16,}\.[\w-]{16,}|-----BEGIN [A-Z ]*PRIVATE KEY)")
#: Placeholder values are an AI tell (AIT102), not a leaked secret.
PLACEHOLDER = re.compile(r"(your[_-]?|_here\b|-here\b|xxx|<[^>]+>|placeholder|replace[_-]?(me|this)|insert[_-]|"
                         r"\.\.\.|^(test|example|dummy|fake|todo|none|null|secret|password|changeme)$|^\*+$)", re.I)


def secret_literal(name: str, value: str) -> bool:
    """Is ``value`` (assigned to ``name``) a real-looking hard-coded secret?"""
    if _KNOWN_FORMATS.match(value):
        return True
    if not _SECRET_NAME.search(name) or NOT_SECRET_NAME.search(name):
        return False
    if len(value) < 8 or " " in value or PLACEHOLDER.search(value) or value.startswith(("http://", "https://", "/")):
        return False
    return not re.fullmatch(r"[A-Z][A-Z0-9_]+", value)  # an env var name, not a value


def secret_sites(node):
    """(name, string node) pairs: `const KEY = "..."`, `{ apiKey: "..." }`, `x.secret = "..."`,
    and `process.env.X_SECRET ?? "..."` fallbacks (the env name counts)."""
    kind = node.type
    if kind == "variable_declarator":
        name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
    elif kind == "pair":
        name, value = node.child_by_field_name("key"), node.child_by_field_name("value")
    elif kind == "assignment_expression":
        name, value = node.child_by_field_name("left"), node.child_by_field_name("right")
        if name is not None and name.type == "member_expression":
            name = name.child_by_field_name("property")
    else:
        return []
    if name is None or value is None or name.type in ("object_pattern", "array_pattern"):
        return []
    label = text(name).strip("'\"")
    value = strip_parens(value)
    sites = []
    if value.type == "binary_expression" and text(value.child_by_field_name("operator")) in ("??", "||"):
        left, right = strip_parens(value.child_by_field_name("left")), strip_parens(value.child_by_field_name("right"))
        env = text(left).rsplit(".", 1)[-1] if text(left).startswith("process.env.") else ""
        if string_value(right) is not None:
            sites.append((env or label, right))
            if env:
                sites.append((label, right))
    elif string_value(value) is not None and value.type == "string":
        sites.append((label, value))
    return sites
KNOWN_FORMATS = _KNOWN_FORMATS
