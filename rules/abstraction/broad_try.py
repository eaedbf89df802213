import libcst as cst

from codeaudit.knowledge.cst_tools import body_statements, walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_BROAD = {"Exception", "BaseException"}
_MIN_STATEMENTS = 10


def _count(node) -> int:
    return sum(1 for n in walk(node) if isinstance(n, (cst.SimpleStatementLine, cst.BaseCompoundStatement)))


class BroadTryAroundFunction(PythonRule):
    """One `try` wrapping a whole long function body with a catch-all handler that does not re-raise.

    ## What it does
    Reports a `try` that holds (nearly) all of a function's body, at least ten
    statements, with an `except Exception`/`except:` handler that never
    re-raises.

    ## Why is this bad
    The handler cannot know which of the many steps failed or whether the
    state it leaves behind (half-written rows, open transactions) is
    consistent; it turns every bug in the function into the same generic
    outcome. Put narrow handlers around the steps that can fail.

    ## Example
    ```python
    def import_users(session, path):
        try:
            ...  # 30 lines: read, validate, insert, commit
        except Exception as exc:
            log.error("import failed: %s", exc)
            return {}
    ```

    ## Use instead
    Catch the specific errors where they occur (`csv.Error` while reading,
    `IntegrityError` on insert) and let unexpected ones propagate.
    """

    code = "ABS004"
    slug = "broad-try-around-function"
    category = Category.ABSTRACTION
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"except",)

    VALID = [
        "def f():\n    try:\n        a()\n    except Exception:\n        return None\n",
        "def f():\n    try:\n" + "        a()\n" * 12 + "    except Exception:\n        log.exception('x')\n        raise\n",
    ]
    INVALID = [
        "def f():\n    n = 0\n    try:  # expect: ABS004\n" + "        a()\n" * 12 + "    except Exception as exc:\n        log.error('failed %s', exc)\n        return None\n",
    ]

    def visit_Try(self, node: cst.Try) -> None:
        func = self.ctx.function
        if not isinstance(func, cst.FunctionDef) or self.ctx.parent is not func.body:
            return
        statements = body_statements(func)
        if node not in statements:
            return
        inside = _count(node.body)
        outside = sum(_count(s) for s in statements if s is not node)
        if inside < _MIN_STATEMENTS or outside > max(3, inside // 5):
            return
        for handler in node.handlers:
            kind = handler.type
            broad = kind is None or (isinstance(kind, cst.Name) and kind.value in _BROAD)
            if broad and not any(isinstance(n, cst.Raise) for n in walk(handler.body)):
                self.report(
                    node,
                    f"one try around the whole function ({inside} statements) with a catch-all handler: "
                    "failures of every step end up in the same generic path; catch specific errors around the steps that can fail",
                )
                return
