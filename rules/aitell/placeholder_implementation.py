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
    r"(noop|no_?op|dummy|stub|fake|mock|null|default|placeholder|_unused|hook|allow_?all|deny_?all|always|never|permissive|"
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
    helpers are not reported.

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
        "def can_access(user, tenant):\n    return True  # expect: AIT002\n",
        "def validate_plugin(module) -> bool:\n    # TODO later\n    return True  # expect: AIT002\n",
        "def unload(plugins, name):\n    pass  # expect: AIT002\n",
        "class Verifier:\n    def verify_signature(self, payload, sig):\n        return True  # expect: AIT002\n",
        # returns nothing, and its own comment says the real logic is still missing
        "def score_lead(lead):\n    # FIXME: plug in the scoring model\n    return None  # expect: AIT002\n",
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        cls = self.ctx.class_def
        if cls is not None and (cls.bases or cls.keywords or cls.decorators or _NOOP_NAMES.search(cls.name.value)):
            return  # an override, a protocol/ABC member or a deliberate allow-all/null object
        if self.ctx.function is not None and self.ctx.function is not node:
            return
        if decorator_names(node) & _EXEMPT_DECORATORS:
            return
        statements = small_statements(body_statements(node))
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
