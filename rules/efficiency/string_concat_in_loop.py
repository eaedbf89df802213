import libcst as cst

from codeaudit.knowledge.cst_tools import real_loops
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class StringConcatInLoop(PythonRule):
    """A string built with `+=` inside a loop.

    ## What it does
    Reports `s += <string>` in a loop body where `s` was initialised to a string
    literal in the same function. Loops that only walk an aggregate — a
    mapping's `.items()`/`.keys()`/`.values()` (sorted or not), `most_common(n)`,
    a literal, `range()` or a constant slice `xs[:10]` — are not reported: their
    length is the number of distinct keys or a small bound, not the data size.

    ## Why is this bad
    Strings are immutable: each `+=` may copy everything accumulated so far, so a
    loop of n pieces costs O(n²) in the worst case. Report builders written by
    assistants do this on thousands of rows.

    ## Example
    ```python
    html = ""
    for row in rows:
        html += f"<tr><td>{row.name}</td></tr>"
    ```

    ## Use instead
    ```python
    parts = [f"<tr><td>{row.name}</td></tr>" for row in rows]
    html = "".join(parts)
    ```
    """

    code = "EFF001"
    slug = "string-concat-in-loop"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM

    VALID = [
        "def f(rows):\n    total = 0\n    for r in rows:\n        total += r\n",
        "def f(a, b):\n    s = ''\n    s += a\n    s += b\n    return s\n",
        "def f(hist):\n    out = ''\n    for status, n in sorted(hist.items()):\n        out += f'{status}: {n}\\n'\n    return out\n",
        "def f(counter):\n    out = 'top:'\n    for word, n in counter.most_common(10):\n        out += f' {word}={n}'\n    return out\n",
        "def f(rows):\n    out = ''\n    for r in rows[:5]:\n        out += str(r)\n    return out\n",
    ]
    INVALID = [
        "def f(rows):\n    out = ''\n    for r in rows:\n        out += str(r)  # expect: EFF001\n    return out\n",
        "def f(rows):\n    out = ''\n    for r in rows:\n        out = out + str(r) + ','  # expect: EFF001\n    return out\n",
        "def f(groups):\n    out = ''\n    for key, rows in groups.items():\n        for r in rows:\n            out += f'{key}: {r}\\n'  # expect: EFF001\n    return out\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.string_vars: dict[object, set[str]] = {}

    def _data_loop(self) -> bool:
        """Inside a loop at least one of whose loops walks data-sized input."""
        return any(not _bounded(loop) for loop in real_loops(self.ctx))

    def visit_Assign(self, node: cst.Assign) -> None:
        if isinstance(node.value, (cst.SimpleString, cst.FormattedString)):
            names = self.string_vars.setdefault(self.ctx.function, set())
            names.update(t.target.value for t in node.targets if isinstance(t.target, cst.Name))

    def leave_Assign(self, node: cst.Assign) -> None:
        # `s = s + piece` is the same quadratic pattern as `s += piece`
        value = node.value
        if len(node.targets) != 1 or not isinstance(value, cst.BinaryOperation) or not isinstance(value.operator, cst.Add):
            return
        target = node.targets[0].target
        left = value.left
        while isinstance(left, cst.BinaryOperation) and isinstance(left.operator, cst.Add):
            left = left.left
        if not (isinstance(target, cst.Name) and isinstance(left, cst.Name) and left.value == target.value):
            return
        if not self._data_loop() or target.value not in self.string_vars.get(self.ctx.function, ()):
            return
        self.report(node, f"`{target.value} = {target.value} + ...` in a loop copies the string each time (O(n²)); collect parts and `''.join()` them")

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if not isinstance(node.operator, cst.AddAssign) or not self._data_loop():
            return
        target = node.target
        if isinstance(target, cst.Name) and target.value in self.string_vars.get(self.ctx.function, ()):
            self.report(node, f"`{target.value} +=` in a loop copies the string each time (O(n²)); collect parts and `''.join()` them")


_AGGREGATE_METHODS = {"items", "keys", "values", "most_common"}


def _bounded(loop) -> bool:
    """A loop over a mapping's entries, a literal, `range()` or a constant slice."""
    if isinstance(loop, cst.While):
        return False
    it = loop.iter if isinstance(loop, cst.For) else loop.for_in.iter
    if isinstance(it, cst.Call) and isinstance(it.func, cst.Name) and it.func.value in ("sorted", "reversed", "enumerate") and it.args:
        it = it.args[0].value
    if isinstance(it, (cst.Tuple, cst.List, cst.Set)):
        return True
    if isinstance(it, cst.Call):
        func = it.func
        if isinstance(func, cst.Name):
            return func.value == "range"
        return isinstance(func, cst.Attribute) and func.attr.value in _AGGREGATE_METHODS
    if isinstance(it, cst.Subscript) and len(it.slice) == 1 and isinstance(it.slice[0].slice, cst.Slice):
        sl = it.slice[0].slice
        return sl.lower is None and isinstance(sl.upper, cst.Integer)
    return False

