import re

import libcst as cst

from codeaudit.knowledge.cst_tools import body_statements, decorator_names, small_statements
from codeaudit.rule import Category, Confidence, PythonRule, Severity

#: Names of predicates whose answer must be computed (security and state checks).
_PREDICATE = re.compile(
    r"^_?(is|has|can|should|may|check|verify|validate|authori[sz]e|authenticate|allow|allowed|permit|"
    r"is_allowed|is_valid|is_authorized|confirm|approve|ensure)(_|$)",
)
#: A comment that says the body is not the real thing yet.
_UNFINISHED = re.compile(r"\b(todo|fixme|xxx|stub|placeholder|not (yet )?implemented|replace (this |it )?with|"
                         r"implement (this|me|later)|dummy)\b", re.I)
_EXEMPT_DECORATORS = {"abstractmethod", "overload", "property", "cached_property", "staticmethod", "classmethod",
                      "fixture", "hookimpl", "hookspec", "setter"}
_NOOP_NAMES = re.compile(
    r"(noop|no_?op|dummy|stub|fake|mock|null|default|placeholder|_unused|(?<!web)hook|allow_?all|deny_?all|always|never|permissive|"
    r"insecure|test)",
    re.I,
)


class PlaceholderImplementation(PythonRule):
    """A function whose name promises a check or an action but whose body is a constant or `pass`.

    ## What it does
    Reports functions, and methods of classes without base classes, whose whole
    body (ignoring the docstring) is `return True`/`return False` while the name
    promises a decision (`is_*`, `has_*`, `can_*`, `check*`, `verify*`,
    `validate*`, `authorize*`, ...), and module-level functions with parameters
    whose whole body is `pass`. Overrides (classes with bases), abstract
    methods, overloads, fixtures, null objects and explicit no-op / allow-all
    helpers are not reported. Also reports a longer check that answers the same
    constant, computes a value but makes no decision with it (no comparison,
    branch or raise), and never reads one of its parameters
    (`verify_webhook(body, signature)` that computes a digest but returns `True`
    without comparing it to `signature`).

    ## Why is this bad
    Generated code often ships stubs that look finished: a permission check
    that always grants, a validator that always passes, an `unload()` that
    does nothing. Callers rely on them and the gap stays invisible.

    ## Example
    ```python
    def can_access_tenant(principal, tenant_id):
        return True
    ```

    ## Use instead
    Implement the check, or fail loudly until it exists:
    ```python
    def can_access_tenant(principal, tenant_id):
        return tenant_id in principal.tenant_ids
    ```
    """

    code = "AIT002"
    slug = "placeholder-implementation"
    category = Category.AI_TELL
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    triggers = (b"return True", b"return False", b"pass", b"return None")

    VALID = [
        "import hmac\ndef verify_webhook(body, signature, secret):\n    expected = hmac.new(secret, body, 'sha256').hexdigest()\n    if not hmac.compare_digest(expected, signature):\n        raise ValueError('bad signature')\n    return True\n",
        "def validate_rows(rows, schema):\n    for r in rows:\n        schema.check(r)\n    return True\n",
        "def is_member(user, group):\n    if user in group.members:\n        return True\n    return False\n",
        "def check_ready(conn, timeout):\n    conn.ping()\n    return True\n",
        "def check_ready(conn, timeout):\n    started = time.monotonic()\n    conn.ping(timeout=timeout)\n    log.info('ping took %s', time.monotonic() - started)\n    return True\n",
        # `return None` without a comment saying it is unfinished: a legitimate "no value" answer
        "def find_owner(record):\n    return None\n",
        "def lookup(key):\n    # keys are resolved lazily by the caller\n    return None\n",
        "def is_even(n):\n    return n % 2 == 0\n",
        "class A(B):\n    def is_ready(self):\n        return True\n",
        "def noop_handler(event):\n    pass\n",
        "def enabled():\n    return True\n",
        "def main():\n    pass\n",
        "class Null:\n    def write(self, data):\n        pass\n",
    ]
    INVALID = [
        "def verify_webhook(body, signature):\n    return True  # expect: AIT002\n",
        "import hmac, hashlib\nclass Client:\n    def verify_webhook(self, body, signature):\n        expected = hmac.new(self.secret, body, hashlib.sha256).hexdigest()\n        log.debug('sig %s', expected[:8])\n        return True  # expect: AIT002\n",
        "def check_password(user, password):\n    record = load(user)\n    log.info('login %s', record.name)\n    return True  # expect: AIT002\n",
        "def is_authorized(request, resource):\n    user = request.user\n    audit(user)\n    return True  # expect: AIT002\n",
        "def can_access(user, tenant):\n    return True  # expect: AIT002\n",
        "def validate_plugin(module) -> bool:\n    # TODO later\n    return True  # expect: AIT002\n",
        "def unload(plugins, name):\n    pass  # expect: AIT002\n",
        "class Verifier:\n    def verify_signature(self, payload, sig):\n        return True  # expect: AIT002\n",
        # returns nothing, and its own comment says the real logic is still missing
        "def score_lead(lead):\n    # FIXME: plug in the scoring model\n    return None  # expect: AIT002\n",
    ]

    def _constant_decision(self, node: cst.FunctionDef) -> None:
        """A check that computes something but answers a constant and never reads what it was asked to check:
        `def verify_webhook(self, body, signature): expected = hmac(...); return True`."""
        name = node.name.value
        if not _PREDICATE.match(name) or _NOOP_NAMES.search(name):
            return
        params = [p.name.value for p in node.params.params + node.params.kwonly_params
                  if p.name.value not in ("self", "cls")]
        if not params:
            return
        returns, read, computed = [], set(), False
        for n in _own_nodes(node):
            if isinstance(n, (cst.Raise, cst.Assert, cst.Yield, cst.Await, cst.Comparison, cst.If, cst.IfExp,
                              cst.BooleanOperation, cst.While, cst.For, cst.Try, cst.With)):
                return  # a decision is made, or failure is signalled another way
            if isinstance(n, cst.Return):
                returns.append(n)
            elif isinstance(n, cst.Assign):
                computed = True  # something is computed ... and then never decides the answer
            elif isinstance(n, cst.Name):
                read.add(n.value)
        if not computed:
            return
        values = {r.value.value if isinstance(r.value, cst.Name) else None for r in returns}
        if len(values) != 1 or values - {"True", "False"}:
            return
        unused = [p for p in params if p not in read]
        if unused:
            self.report(returns[-1], f"`{name}()` always returns {values.pop()} and never looks at `{unused[0]}`: "
                                     "the check is a placeholder that passes everything; compare against it (or "
                                     "raise NotImplementedError)")

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        cls = self.ctx.class_def
        if cls is not None and (cls.bases or cls.keywords or cls.decorators or _NOOP_NAMES.search(cls.name.value)):
            return  # an override, a protocol/ABC member or a deliberate allow-all/null object
        if self.ctx.function is not None and self.ctx.function is not node:
            return
        if decorator_names(node) & _EXEMPT_DECORATORS:
            return
        statements = small_statements(body_statements(node))
        if len(statements) > 1:
            self._constant_decision(node)
            return
        if len(statements) != 1:
            return
        stmt = statements[0]
        name = node.name.value
        params = [p for p in node.params.params + node.params.kwonly_params if p.name.value not in ("self", "cls")]
        if isinstance(stmt, cst.Return) and isinstance(stmt.value, cst.Name) and stmt.value.value in ("True", "False"):
            if _PREDICATE.match(name) and params and not _NOOP_NAMES.search(name):
                self.report(
                    stmt,
                    f"`{name}()` promises a decision but always returns {stmt.value.value}: a placeholder that "
                    "looks finished; implement it or raise NotImplementedError",
                )
        elif (isinstance(stmt, cst.Return) and (stmt.value is None or (isinstance(stmt.value, cst.Name)
              and stmt.value.value == "None")) and params and not _NOOP_NAMES.search(name)
              and _says_unfinished(node)):
            self.report(
                stmt,
                f"`{name}()` always returns None and its comment says the real logic is missing: callers get "
                "a silent empty answer; implement it or raise NotImplementedError",
            )
        elif isinstance(stmt, cst.Pass) and cls is None and params and not _NOOP_NAMES.search(name) and not name.startswith("test"):
            if name in ("main",) or name.startswith("__"):
                return
            self.report(
                stmt,
                f"`{name}()` takes arguments but does nothing (`pass`): callers believe the work is done; "
                "implement it or raise NotImplementedError",
            )


def _own_nodes(func: cst.FunctionDef):
    """Nodes of ``func``'s body, not descending into nested functions, lambdas or classes."""
    stack = [func.body]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(c for c in node.children if not isinstance(c, (cst.FunctionDef, cst.Lambda, cst.ClassDef)))


def _says_unfinished(func: cst.FunctionDef) -> bool:
    """A comment inside the function (block header or before its statements) marks the body unfinished."""
    body = func.body
    if not isinstance(body, cst.IndentedBlock):
        return False
    comments = [body.header.comment] if body.header.comment else []
    for stmt in body.body:
        comments += [line.comment for line in stmt.leading_lines if line.comment]
        trailing = getattr(stmt, "trailing_whitespace", None)
        if trailing is not None and trailing.comment:
            comments.append(trailing.comment)
    return any(_UNFINISHED.search(c.value) for c in comments)
