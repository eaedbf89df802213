import libcst as cst

from codeaudit.knowledge.cst_tools import small_statements, walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_BROAD = {"Exception", "BaseException", "builtins.Exception", "builtins.BaseException"}
_QUIET_LOG = {"debug", "info"}
_LOGGERS = {"log", "logger", "logging", "_log", "_logger", "LOG", "LOGGER", "self.log", "self.logger", "self._log", "self._logger"}


def _broad(handler: cst.ExceptHandler, ctx) -> bool:
    kind = handler.type
    if kind is None:
        return False  # bare except: ABS003 reports it
    names = [e.value for e in kind.elements] if isinstance(kind, cst.Tuple) else [kind]
    return any(ctx.qualified_name(n) in _BROAD for n in names)


def _quiet_log(stmt, ctx) -> bool:
    if not (isinstance(stmt, cst.Expr) and isinstance(stmt.value, cst.Call)):
        return False
    func = stmt.value.func
    if not (isinstance(func, cst.Attribute) and func.attr.value in _QUIET_LOG):
        return False
    return ctx.code_of(func.value) in _LOGGERS


def _empty(value) -> bool:
    """None, 0, -1, [], {}, (), "" : a result indistinguishable from "nothing found"/"nothing done"."""
    if isinstance(value, cst.Name):
        return value.value == "None"
    if isinstance(value, cst.Integer):
        return value.value == "0"
    if isinstance(value, cst.UnaryOperation) and isinstance(value.operator, cst.Minus):
        return isinstance(value.expression, cst.Integer) and value.expression.value == "1"
    if isinstance(value, (cst.List, cst.Dict, cst.Tuple)):
        return not value.elements
    if isinstance(value, cst.SimpleString):
        return value.evaluated_value in ("", b"")
    return False


def _commented(block) -> bool:
    """An own-line comment inside the handler body explaining the decision."""
    if not isinstance(block, cst.IndentedBlock):
        return False
    return any(line.comment is not None for stmt in block.body for line in stmt.leading_lines)


def classify(body: list, ctx) -> str | None:
    """'silent' / 'quiet-log' when a handler body hides the failure, else None."""
    if any(isinstance(n, cst.Raise) for s in body for n in walk(s)):
        return None
    logged = False
    for stmt in small_statements(body):
        if isinstance(stmt, (cst.Pass, cst.Continue, cst.Break)):
            continue
        if isinstance(stmt, cst.Expr) and isinstance(stmt.value, cst.Ellipsis):
            continue
        if isinstance(stmt, cst.Return) and (stmt.value is None or _empty(stmt.value)):
            continue
        if _quiet_log(stmt, ctx):
            logged = True
            continue
        return None
    return "quiet-log" if logged else "silent"


class SwallowedException(PythonRule):
    """`except Exception` that hides the failure: `pass`, `return None`, or a debug log and carry on.

    ## What it does
    Reports handlers for `Exception`/`BaseException` whose body only passes,
    continues, returns an empty result (`None`, `0`, `-1`, `[]`, `{}`,
    `""`), or logs at debug/info level before doing
    so. Handlers that re-raise, log at warning level or above, or do any real
    recovery work are not reported.

    ## Why is this bad
    Every error, including bugs such as `TypeError` and `KeyError`, becomes
    silent: the caller cannot tell success from failure and nobody sees the
    cause. Generated code does this to "make it robust".

    ## Example
    ```python
    try:
        resp = requests.post(url, json=payload, timeout=5)
        resp.raise_for_status()
    except Exception:
        pass
    ```

    ## Use instead
    Catch the exceptions you expect and report them:
    ```python
    try:
        resp = requests.post(url, json=payload, timeout=5)
        resp.raise_for_status()
    except requests.RequestException:
        log.warning("slack notification failed", exc_info=True)
    ```
    """

    code = "ABS002"
    slug = "swallowed-exception"
    category = Category.ABSTRACTION
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    triggers = (b"except",)

    VALID = [
        "def f():\n    try:\n        g()\n    except ValueError:\n        pass\n",
        "def f():\n    try:\n        g()\n    except Exception:\n        log.exception('g failed')\n        raise\n",
        "def f():\n    try:\n        g()\n    except Exception as exc:\n        log.warning('g failed: %s', exc)\n",
        "def f():\n    try:\n        g()\n    except Exception:\n        return fallback()\n",
        "def f(obj):\n    try:\n        return obj.fileno()\n    except Exception:\n        # broken file-likes raise anything here\n        return None\n",
        "def _is_valid(path):\n    try:\n        with Image.open(path) as img:\n            img.verify()\n        return True\n    except Exception:\n        return False\n",
        "def send(msg):\n    try:\n        smtp.send_message(msg)\n        return True\n    except Exception:\n        return False\n",
        "def has_access(user, doc):\n    try:\n        return acl.lookup(user, doc).allowed\n    except Exception:\n        return False\n",
        "def count(path):\n    try:\n        return len(open(path).readlines())\n    except OSError:\n        return 0\n",
        "def size(session):\n    try:\n        return session.count()\n    except Exception:\n        session.rollback()\n        return 0\n",
        "def ok(url):\n    try:\n        return ping(url)\n    except Exception:\n        log.warning('ping failed', exc_info=True)\n        return False\n",
    ]
    INVALID = [
        "def f():\n    try:\n        g()\n    except Exception:  # expect: ABS002\n        pass\n",
        "def f(items):\n    for i in items:\n        try:\n            g(i)\n        except Exception as exc:  # expect: ABS002\n            log.debug('failed %s', exc)\n            continue\n",
        "def f(url):\n    try:\n        return fetch(url).json()['items']\n    except Exception:  # expect: ABS002\n        return []\n",
        "def deactivate(session, ids):\n    try:\n        result = session.execute(stmt, {'ids': ids})\n        session.commit()\n        return result.rowcount\n    except Exception:  # expect: ABS002\n        return 0\n",
        "def find(items, x):\n    try:\n        return items.index(x)\n    except BaseException:  # expect: ABS002\n        return -1\n",
    ]

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if not _broad(node, self.ctx):
            return
        func = self.ctx.function
        if isinstance(func, cst.FunctionDef) and func.name.value.startswith("test"):
            return  # a swallowed assertion in a test: AIT reports that
        body = list(node.body.body) if isinstance(node.body, cst.IndentedBlock) else [node.body]
        if _commented(node.body):
            return  # the author explained why the error is ignored: a decision, not an accident
        kind = classify(body, self.ctx)
        if kind == "silent":
            self.report(node, "every exception (bugs included) is silently discarded here; catch the specific "
                              "exceptions you expect and log or re-raise the rest")
        elif kind == "quiet-log":
            self.report(node, "failure logged at debug/info level and then ignored: the caller sees success; "
                              "catch specific exceptions and log at warning/error, or re-raise")
