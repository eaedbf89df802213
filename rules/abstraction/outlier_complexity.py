import ast
import statistics

import libcst as cst

from codeaudit.finding import Span
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_MIN_LINES = 40  # no function this short is worth the radon pass
_MIN_COMPLEXITY = 15
_RATIO = 3.0  # times the complexity of the second most complex function
_SLACK = 3  # margin between the traversal's decision count and radon's complexity


class OutlierComplexity(PythonRule):
    """A function far more complex than the rest of its file.

    ## What it does
    Computes cyclomatic complexity with radon for files that have a function of
    at least 40 lines, and reports the most complex function when its
    complexity is at least 15 and at least three times that of the second most
    complex function of the file (with at least two others to compare). Files
    whose style is several big functions are not reported.

    ## Why is this bad
    One "do everything" function next to small helpers is typical of generated
    code: it mixes filtering, aggregation and formatting, cannot be tested in
    parts, and every change risks the other branches.

    ## Example
    ```python
    def build_report(deals, targets, reps, quarter):
        ...  # 80 lines of nested loops and ifs for every section
    ```

    ## Use instead
    Split it by responsibility: one function per section, each testable.
    """

    code = "ABS006"
    slug = "outlier-complexity"
    category = Category.ABSTRACTION
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"def ",)

    _BIG = "def big(x):\n" + "".join(
        f"    if x == {i}:\n        x += {i}\n    elif x > {i}:\n        x -= 1\n" for i in range(12)
    ) + "    return x\n"
    VALID = [
        "def a(x):\n    return x\n\ndef b(x):\n    return x\n",
        _BIG + "\n" + _BIG.replace("big", "big2") + "\n" + _BIG.replace("big", "big3"),
    ]
    INVALID = [
        _BIG.replace("def big(x):", "def big(x):  # expect: ABS006")
        + "\ndef a(x):\n    return x\n\ndef b(x):\n    if x:\n        return 1\n    return 2\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        # Decision points per function, counted during the shared traversal (nested ones count for every
        # enclosing function, so this bounds radon's figure from above). Radon runs only when some
        # function could reach the threshold: most files never pay for the extra parse.
        self._decisions: dict[int, int] = {}

    def _decision(self, node: object = None) -> None:
        for scope in self.ctx.scopes:
            if isinstance(scope, cst.FunctionDef):
                self._decisions[id(scope)] = self._decisions.get(id(scope), 0) + 1

    visit_If = visit_For = visit_While = visit_ExceptHandler = visit_IfExp = _decision
    visit_BooleanOperation = visit_CompFor = visit_CompIf = visit_MatchCase = visit_Assert = _decision

    def end_of_file(self) -> None:
        text = self.ctx.source.text
        if text.count("\n") < _MIN_LINES or max(self._decisions.values(), default=0) + _SLACK < _MIN_COMPLEXITY:
            return
        try:
            from radon.visitors import ComplexityVisitor
        except ImportError:
            return
        tree = self.ctx.python_ast
        functions = (ast.FunctionDef, ast.AsyncFunctionDef)
        if tree is None or not any(
            isinstance(n, functions) and (n.end_lineno or n.lineno) - n.lineno + 1 >= _MIN_LINES for n in ast.walk(tree)
        ):
            return  # radon only where some function is long enough to be an outlier
        try:
            visitor = ComplexityVisitor.from_ast(tree)
        except Exception:  # noqa: BLE001 - radon cannot handle what libcst accepted; stay silent
            return
        blocks = list(visitor.functions)
        for cls in visitor.classes:
            blocks.extend(cls.methods)
        if len(blocks) < 3 or not any(b.endline - b.lineno + 1 >= _MIN_LINES for b in blocks):
            return
        ranked = sorted(blocks, key=lambda b: b.complexity, reverse=True)
        block, runner_up = ranked[0], ranked[1]
        length = block.endline - block.lineno + 1
        if block.complexity < _MIN_COMPLEXITY or length < _MIN_LINES * 3 // 4:
            return
        median = statistics.median(b.complexity for b in ranked[1:])
        if block.complexity < _RATIO * max(runner_up.complexity, 3):
            return
        line = self.ctx.source.line(block.lineno)
        col = len(line) - len(line.lstrip()) + 1
        self.report(
            Span(block.lineno, col, block.lineno, len(line) + 1),
            f"`{block.name}` has cyclomatic complexity {block.complexity} over {length} lines; the next most complex "
            f"function of this file has {runner_up.complexity} (median {median:g}); "
            "split it into functions with one responsibility each",
        )
