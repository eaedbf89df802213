import libcst as cst

from codeaudit.rule import Category, Confidence, PythonRule, Severity


class ChunkRangeDropsTail(PythonRule):
    """A chunking loop whose `range` stops one chunk early: `range(0, len(xs) - n, n)`.

    ## What it does
    Reports `range(start, len(xs) - n, n)` (the stop is the length minus the
    step) when the loop or comprehension slices `xs[i:i + n]` with it.

    ## Why is this bad
    `range` already excludes its stop. Subtracting the chunk size as well skips
    the last chunk: 6 items in chunks of 3 give one chunk, not two; 3 items give
    none. Items are silently never processed.

    ## Example
    ```python
    def batches(items, size):
        return [items[i:i + size] for i in range(0, len(items) - size, size)]
    ```

    ## Use instead
    ```python
    def batches(items, size):
        return [items[i:i + size] for i in range(0, len(items), size)]
    ```
    """

    code = "COR006"
    slug = "chunk-range-drops-tail"
    category = Category.CORRECTNESS
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    triggers = (b"range(",)

    VALID = [
        "def f(items, size):\n    return [items[i:i + size] for i in range(0, len(items), size)]\n",
        "def f(xs, n):\n    return [xs[i:i + n] for i in range(0, len(xs) - n + 1, n)]\n",
        "def f(xs, n):\n    return [xs[i:i + n] for i in range(0, len(xs) - n + 1)]\n",
        "def f(xs, n):\n    for i in range(0, len(xs) - n, n):\n        print(i)\n",
    ]
    INVALID = [
        "def batches(items, size):\n    return [items[i:i + size] for i in range(0, len(items) - size, size)]  # expect: COR006\n",
        "def send_all(rows, send):\n    for start in range(0, len(rows) - 100, 100):  # expect: COR006\n        send(rows[start:start + 100])\n",
        "BATCH = 50\ndef f(ids, fetch):\n    out = []\n    for off in range(0, len(ids) - BATCH, BATCH):  # expect: COR006\n        out += fetch(ids[off:off + BATCH])\n    return out\n",
    ]

    def _check(self, report_node, target, iterable, body) -> None:
        if not (isinstance(target, cst.Name) and isinstance(iterable, cst.Call) and len(iterable.args) == 3
                and self.ctx.call_name(iterable) == "range"):
            return
        stop, step = iterable.args[1].value, iterable.args[2].value
        if not (isinstance(stop, cst.BinaryOperation) and isinstance(stop.operator, cst.Subtract)):
            return
        length = stop.left
        if not (isinstance(length, cst.Call) and self.ctx.call_name(length) == "len" and len(length.args) == 1):
            return
        code = self.ctx.code_of
        step_code = code(step)
        if code(stop.right) != step_code:
            return
        seq_code, var = code(length.args[0].value), target.value
        if self._slices(body, seq_code, var, step_code):
            self.report(report_node, f"`range(..., len({seq_code}) - {step_code}, {step_code})` stops one chunk early: "
                                     f"the last {step_code} items are never processed; use `len({seq_code})` as the stop")

    def _slices(self, body, seq_code: str, var: str, step_code: str) -> bool:
        """`seq[var:var + step]` somewhere in ``body``."""
        stack = [body]
        code = self.ctx.code_of
        while stack:
            node = stack.pop()
            if (isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Slice)
                    and code(node.value) == seq_code):
                sl = node.slice[0].slice
                if (isinstance(sl.lower, cst.Name) and sl.lower.value == var and sl.upper is not None
                        and code(sl.upper).replace(" ", "") in (f"{var}+{step_code}", f"{step_code}+{var}")):
                    return True
            stack.extend(node.children)
        return False

    def visit_For(self, node: cst.For) -> None:
        self._check(node, node.target, node.iter, node.body)

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self._check(node, node.for_in.target, node.for_in.iter, node.elt)

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._check(node, node.for_in.target, node.for_in.iter, node.elt)
