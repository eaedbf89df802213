import libcst as cst

from codeaudit.knowledge.cst_tools import walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class BareExcept(PythonRule):
    """A bare `except:` clause that does not re-raise.

    ## What it does
    Reports `except:` without an exception type whose body has no `raise`.

    ## Why is this bad
    A bare except also catches `KeyboardInterrupt`, `SystemExit` and
    `GeneratorExit`: Ctrl-C stops working and `sys.exit()` is ignored, on top of
    hiding every bug in the `try` body.

    ## Example
    ```python
    try:
        size = path.stat().st_size
    except:
        size = 0
    ```

    ## Use instead
    ```python
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    ```
    """

    code = "ABS003"
    slug = "bare-except"
    category = Category.ABSTRACTION
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    triggers = (b"except:",)

    VALID = [
        "try:\n    g()\nexcept OSError:\n    pass\n",
        "try:\n    g()\nexcept:\n    cleanup()\n    raise\n",
    ]
    INVALID = ["try:\n    g()\nexcept:  # expect: ABS003\n    x = 0\n"]

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.type is not None:
            return
        if any(isinstance(n, cst.Raise) for n in walk(node.body)):
            return
        self.report(node, "bare `except:` also traps KeyboardInterrupt and SystemExit and hides every bug; "
                          "catch the specific exceptions (e.g. `except OSError:`)")
