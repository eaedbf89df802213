import libcst as cst

from codeaudit.knowledge.cst_tools import read_names, walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity


def _option_literal(node) -> bool:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return isinstance(value, str) and value.startswith("-") and len(value) > 1 and value[1:2].isalpha() or (
            isinstance(value, str) and value.startswith("--")
        )
    return False


class HandRolledArgv(PythonRule):
    """Command-line options parsed by hand from `sys.argv`.

    ## What it does
    Reports a loop over `argv` (or `sys.argv`) that compares its items with
    option strings such as `"--keep"`/`"-v"`.

    ## Why is this bad
    Hand-written parsers miss `--opt=value`, combined short flags, missing
    values (`IndexError` on `--keep` at the end), `--help` and error messages.
    `argparse` does all of it declaratively and documents the options.

    ## Example
    ```python
    i = 1
    while i < len(argv):
        if argv[i] == "--keep":
            i += 1
            keep = int(argv[i])
        i += 1
    ```

    ## Use instead
    ```python
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=int, default=7)
    args = parser.parse_args(argv)
    ```
    """

    code = "ABS010"
    slug = "hand-rolled-argv"
    category = Category.ABSTRACTION
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"argv",)

    VALID = [
        "import sys\nfor path in sys.argv[1:]:\n    print(path)\n",
        "import argparse\np = argparse.ArgumentParser()\np.add_argument('--keep')\n",
    ]
    INVALID = [
        "import sys\ndef main(argv):\n    for arg in argv:  # expect: ABS010\n        if arg == '--verbose':\n            v = True\n        elif arg == '-q':\n            q = True\n",
    ]

    def _loop(self, node, header) -> None:
        if "argv" not in read_names(header) and "argv" not in self.ctx.code_of(header):
            return
        options = 0
        for n in walk(node.body):
            if isinstance(n, cst.Comparison):
                parts = [n.left] + [c.comparator for c in n.comparisons]
                for p in parts:
                    if _option_literal(p):
                        options += 1
                    elif isinstance(p, cst.Tuple) and any(_option_literal(e.value) for e in p.elements):
                        options += 1
            elif isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value == "startswith":
                if n.args and _option_literal(n.args[0].value):
                    options += 1
        if options >= 2:
            self.report(node, "options parsed by hand from argv (no --help, no errors for missing values); use argparse")

    def visit_For(self, node: cst.For) -> None:
        self._loop(node, node.iter)

    def visit_While(self, node: cst.While) -> None:
        self._loop(node, node.test)
