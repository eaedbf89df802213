import libcst as cst

from codeaudit.knowledge.cst_tools import assignment_targets, walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class GlobalStateMutation(PythonRule):
    """A function that rebinds module-level state through `global`.

    ## What it does
    Reports `global NAME` statements in functions that assign to `NAME`.

    ## Why is this bad
    Hidden module state couples every caller to call order, breaks under
    threads and in tests (state leaks from one test to the next) and cannot be
    configured per use. Pass the state explicitly or keep it on an object.

    ## Example
    ```python
    _sent = 0

    def send(msg):
        global _sent
        _sent += 1
    ```

    ## Use instead
    ```python
    class Mailer:
        def __init__(self):
            self.sent = 0

        def send(self, msg):
            self.sent += 1
    ```
    """

    code = "ABS005"
    slug = "global-state-mutation"
    category = Category.ABSTRACTION
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"global ",)

    VALID = ["X = 1\ndef f():\n    global X\n    return X\n", "def f():\n    x = 1\n    return x\n"]
    INVALID = ["N = 0\ndef f():\n    global N  # expect: ABS005\n    N += 1\n"]

    def visit_Global(self, node: cst.Global) -> None:
        func = self.ctx.function
        if not isinstance(func, cst.FunctionDef):
            return
        declared = {item.name.value for item in node.names}
        assigned = set()
        for n in walk(func.body):
            for t in assignment_targets(n):
                if isinstance(t, cst.Name) and t.value in declared and not t.value.startswith("__"):
                    assigned.add(t.value)
        if assigned:
            names = ", ".join(sorted(assigned))
            lazy = _lazy_init(func, assigned)
            if lazy:
                self.report(node, f"`{func.name.value}` lazily creates a module-level singleton ({names}) via `global`: "
                                  "shared by every caller and test, not thread-safe; consider functools.cache or passing it in",
                            confidence=Confidence.LOW)
                return
            self.report(node, f"`{func.name.value}` rebinds module state ({names}) via `global`: hidden coupling between "
                              "callers, unsafe with threads and tests; pass the state in or keep it on an object")


def _lazy_init(func, names: set) -> bool:
    """`if X is None: X = ...` (or `is not None: return X`): a lazily built singleton."""
    for n in walk(func.body):
        if isinstance(n, cst.If) and isinstance(n.test, cst.Comparison):
            test = n.test
            if (
                isinstance(test.left, cst.Name)
                and test.left.value in names
                and len(test.comparisons) == 1
                and isinstance(test.comparisons[0].operator, (cst.Is, cst.IsNot))
                and isinstance(test.comparisons[0].comparator, cst.Name)
                and test.comparisons[0].comparator.value == "None"
            ):
                return True
    return False
