import re

import libcst as cst

from codeaudit.knowledge.cst_tools import body_statements, read_names, small_statements, walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_COMPUTES = re.compile(
    r"(importance|score|predict|compute|calculate|estimate|metric|evaluate|analy[sz]e|forecast|rank|classify|"
    r"detect|summar|stats|statistics|accuracy|probabilit|weights|coefficients|sentiment|similarity|measure)",
    re.I,
)


def _numbers_only(expr) -> int:
    """Number of numeric literals in a literal dict/list/tuple made only of literals; 0 when not such."""
    count = 0
    for n in walk(expr):
        if isinstance(n, (cst.Integer, cst.Float)):
            count += 1
        elif isinstance(n, (cst.Name, cst.Call, cst.Attribute, cst.Subscript, cst.FormattedString)):
            return 0
    return count


class HardcodedResult(PythonRule):
    """A function that should compute a result but returns hard-coded numbers.

    ## What it does
    Reports functions named like a computation (`feature_importance`,
    `compute_score`, `predict_*`, `calculate_*`, ...) whose whole body returns
    a literal dict/list/tuple of at least three numbers and never reads its
    parameters.

    ## Why is this bad
    Generated code fills in "plausible" numbers where the real computation was
    skipped; dashboards and reports then show made-up values as measurements.

    ## Example
    ```python
    def feature_importance(model):
        return {"tenure": 0.41, "spend": 0.22, "tickets": 0.19}
    ```

    ## Use instead
    ```python
    def feature_importance(model):
        return dict(zip(FEATURES, model.feature_importances_))
    ```
    """

    code = "AIT003"
    slug = "hardcoded-result"
    category = Category.AI_TELL
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    triggers = (b"return",)

    VALID = [
        "def default_weights():\n    return {'a': 0.5, 'b': 0.3, 'c': 0.2}\n",
        "def compute_score(x):\n    return {'a': x * 0.5, 'b': 1, 'c': 2}\n",
    ]
    INVALID = [
        "def feature_importance(model):\n    return {'a': 0.41, 'b': 0.22, 'c': 0.19}  # expect: AIT003\n",
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if not _COMPUTES.search(node.name.value):
            return
        params = {p.name.value for p in node.params.params + node.params.kwonly_params} - {"self", "cls"}
        if not params:
            return
        statements = small_statements(body_statements(node))
        if len(statements) != 1 or not isinstance(statements[0], cst.Return) or statements[0].value is None:
            return
        value = statements[0].value
        if not isinstance(value, (cst.Dict, cst.List, cst.Tuple)) or read_names(value) & params:
            return
        if _numbers_only(value) >= 3:
            self.report(
                statements[0],
                f"`{node.name.value}()` ignores its inputs and returns hard-coded numbers: made-up results "
                "presented as computed; compute them or raise NotImplementedError",
            )
