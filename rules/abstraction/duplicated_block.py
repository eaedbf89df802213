import ast
from bisect import bisect_left, bisect_right

from codeaudit.finding import Span
from codeaudit.knowledge.tests_shape import is_test_file
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_MIN_LINES = 6
_MIN_STATEMENTS = 5
_MIN_SAME_LEAVES = 0.5
_BLOCKS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try)


def _shape(node: ast.AST) -> tuple[str, list[str]]:
    """(structure with names and literals abstracted, list of the abstracted leaves)."""
    leaves: list[str] = []
    parts: list[str] = []

    def visit(n: ast.AST) -> None:
        parts.append(type(n).__name__)
        for field, value in ast.iter_fields(n):
            if field in ("ctx", "type_comment", "decorator_list", "returns", "annotation") and n is not node or field == "ctx":
                continue
            if isinstance(value, ast.AST):
                visit(value)
            elif isinstance(value, list):
                parts.append("[")
                for item in value:
                    if isinstance(item, ast.AST):
                        visit(item)
                    else:
                        leaves.append(repr(item))
                parts.append("]")
            elif n is node and field == "name":
                continue  # a duplicated function under another name
            elif isinstance(value, (str, int, float, complex, bytes)) or value is None:
                leaves.append(repr(value))
                parts.append("_")

    visit(node)
    return " ".join(parts), leaves


def _blocks_with_statement_counts(tree: ast.AST) -> list[tuple[ast.AST, int]]:
    """Every compound block with the number of statements inside it, from one walk.

    Statements inside a block are the statements whose first line lies within
    the block's lines, so sorted start lines and two bisections count them.
    """
    starts, blocks = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt):
            starts.append(node.lineno)
            if isinstance(node, _BLOCKS) and (node.end_lineno or node.lineno) - node.lineno + 1 >= _MIN_LINES:
                blocks.append(node)
    starts.sort()
    return [
        (n, bisect_right(starts, n.end_lineno or n.lineno) - bisect_left(starts, n.lineno) - 1) for n in blocks
    ]


class DuplicatedBlock(PythonRule):
    """A block of code repeated almost verbatim elsewhere in the same file.

    ## What it does
    Compares functions and compound statements (`if`/`for`/`while`/`with`/`try`)
    of at least six lines and five statements. Two blocks with the same
    structure, differing only in names and literals (and sharing at least half
    of them), are reported at the second occurrence.

    ## Why is this bad
    Copy-pasted logic drifts: a fix applied to one copy is missed in the other.
    Generated code tends to repeat a block per case instead of extracting it.

    ## Example
    ```python
    def export_orders(db, day):
        rows = [[o.id, o.total] for o in db.scalars(select(Order).where(Order.day == day))]
        ...  # write CSV, upload, log
    def export_refunds(db, day):
        rows = [[r.id, r.amount] for r in db.scalars(select(Refund).where(Refund.day == day))]
        ...  # the same six lines again
    ```

    ## Use instead
    Extract the shared steps into one function taking what differs as
    parameters (`export(db, day, model, columns, name)`).
    """

    code = "ABS011"
    slug = "duplicated-block"
    category = Category.ABSTRACTION
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"\n",)

    _F = "def {n}(a, b):\n    x = load(a)\n    y = []\n    for i in x:\n        y.append(i.{f})\n    z = fmt(y, '{n}')\n    send(b, z)\n    log.info('%s', z)\n    return z\n"
    VALID = [
        "def a(x):\n    return x\n\ndef b(x):\n    return x\n",
        "class FloatField:\n" + _F.format(n="prep", f="id").replace("\n", "\n    ").replace("def prep", "    def prep", 1)
        + "\nclass IntField:\n" + _F.format(n="prep", f="num").replace("\n", "\n    ").replace("def prep", "    def prep", 1),
        _F.format(n="one", f="id") + "\ndef two(a):\n    return [i for i in a]\n",
    ]
    INVALID = [
        _F.format(n="one", f="id") + "\n" + _F.format(n="two", f="amount").replace("def two(a, b):", "def two(a, b):  # expect: ABS011"),
    ]

    def end_of_file(self) -> None:
        text = self.ctx.source.text
        if is_test_file(self.ctx.path):
            return  # explicit, repeated test cases are the norm in tests
        if text.count("\n") < 2 * _MIN_LINES:
            return
        tree = self.ctx.python_ast
        if tree is None:
            return
        counts = dict(_blocks_with_statement_counts(tree))
        candidates = [n for n, count in counts.items() if count >= _MIN_STATEMENTS]
        # Only blocks of the same kind and statement count can share a shape: skip shaping the rest.
        sizes: dict[tuple[type, int], int] = {}
        for n in candidates:
            sizes[type(n), counts[n]] = sizes.get((type(n), counts[n]), 0) + 1
        candidates = [n for n in candidates if sizes[type(n), counts[n]] > 1]
        candidates.sort(key=lambda n: (n.lineno - (n.end_lineno or n.lineno), n.lineno))  # biggest first
        groups: dict[str, list[tuple[ast.AST, list[str]]]] = {}
        covered: list[tuple[int, int]] = []
        for n in candidates:
            shape, leaves = _shape(n)
            groups.setdefault(f"{type(n).__name__}:{shape}", []).append((n, leaves))
        reported = []
        for items in groups.values():
            if len(items) < 2:
                continue
            items.sort(key=lambda item: item[0].lineno)
            first, first_leaves = items[0]
            for n, leaves in items[1:]:
                if any(a <= n.lineno <= b for a, b in covered):
                    continue
                same = sum(1 for x, y in zip(first_leaves, leaves) if x == y) / max(len(leaves), 1)
                if same < _MIN_SAME_LEAVES:
                    continue
                if first.lineno <= n.lineno <= (first.end_lineno or first.lineno):
                    continue
                if getattr(n, "name", None) is not None and getattr(n, "name", None) == getattr(first, "name", None):
                    continue  # the same method overridden in sibling classes: polymorphism, not copy-paste
                covered.append((n.lineno, n.end_lineno or n.lineno))
                covered.append((first.lineno, first.end_lineno or first.lineno))
                reported.append((n, first))
        for n, first in reported:
            line = self.ctx.source.line(n.lineno)
            self.report(
                Span(n.lineno, n.col_offset + 1, n.lineno, len(line) + 1),
                f"this {n.end_lineno - n.lineno + 1}-line block repeats the one at line {first.lineno} with only names/literals "
                "changed; extract one function and pass what differs as parameters",
            )
