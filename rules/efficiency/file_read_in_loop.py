import libcst as cst

from codeaudit.knowledge.cst_tools import real_loops, invariant_in, walk
from codeaudit.knowledge.tests_shape import is_test_file
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_READERS = {"open", "io.open", "json.load", "yaml.safe_load", "yaml.load", "pandas.read_csv", "pandas.read_excel",
            "pandas.read_json", "pandas.read_parquet", "csv.reader", "tomllib.load", "configparser.ConfigParser.read"}
_READ_METHODS = {"read_text", "read_bytes"}


class FileReadInLoop(PythonRule):
    """The same file read again on every iteration of a loop.

    ## What it does
    Reports `open(path)`, `Path(p).read_text()`, `pd.read_csv(path)` and calls to
    module functions that read a file, inside a loop, when none of the arguments
    change between iterations.

    ## Why is this bad
    The file is opened, read and parsed once per item although the result is the
    same each time: system calls and parsing multiplied by the loop length.
    Read it once before the loop.

    ## Example
    ```python
    for rec in records:
        ignored = load_ignored_paths(ignore_file)
        if rec.path not in ignored:
            kept.append(rec)
    ```

    ## Use instead
    ```python
    ignored = load_ignored_paths(ignore_file)
    for rec in records:
        if rec.path not in ignored:
            kept.append(rec)
    ```
    """

    code = "EFF014"
    slug = "file-read-in-loop"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"open(", b"read_", b"load(")

    VALID = [
        "def f(paths):\n    for p in paths:\n        with open(p) as fh:\n            fh.read()\n",
        "def f(path):\n    with open(path) as fh:\n        for line in fh:\n            print(line)\n",
        "def f(path, n):\n    for i in range(n):\n        with open(path, 'a') as fh:\n            fh.write(str(i))\n",
    ]
    INVALID = [
        "def load(p):\n    with open(p) as fh:\n        return fh.read().split()\n\ndef f(recs, p):\n    for r in recs:\n        bad = load(p)  # expect: EFF014\n",
        "import json\ndef f(recs, p):\n    for r in recs:\n        cfg = json.load(open(p))  # expect: EFF014\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._readers: set[str] | None = None

    def _reader_functions(self) -> set[str]:
        if self._readers is None:
            names = set()
            for stmt in self.ctx.module.body:
                if isinstance(stmt, cst.FunctionDef) and stmt.params.params:
                    for node in walk(stmt):
                        if isinstance(node, cst.Call) and self._reads(node):
                            names.add(stmt.name.value)
                            break
            self._readers = names
        return self._readers

    def _reads(self, node: cst.Call) -> bool:
        name = self.ctx.call_name(node)
        if name in ("open", "io.open"):
            mode = node.args[1].value if len(node.args) > 1 else None
            for a in node.args:
                if a.keyword is not None and a.keyword.value == "mode":
                    mode = a.value
            if isinstance(mode, cst.SimpleString) and any(c in mode.evaluated_value for c in "wax+"):
                return False
            return True
        if name in _READERS:
            return True
        return isinstance(node.func, cst.Attribute) and node.func.attr.value in _READ_METHODS

    def visit_Call(self, node: cst.Call) -> None:
        if is_test_file(self.ctx.path):
            return  # tests build fresh clients/queries per case on purpose
        loops = real_loops(self.ctx)
        if not loops or not node.args:
            return
        if isinstance(node.func, cst.Name) and node.func.value in self._reader_functions():
            what = f"`{node.func.value}()` reads a file"
        elif self._reads(node) and not (isinstance(node.func, cst.Attribute) and node.func.attr.value in _READ_METHODS):
            what = f"`{self.ctx.call_name(node) or self.ctx.code_of(node.func)}()` reads the file"
        else:
            return
        parent = self.ctx.parent
        if isinstance(parent, cst.Arg):
            return  # report the outermost reader (json.load(open(p)) once)
        args = cst.Tuple([cst.Element(a.value) for a in node.args])
        if isinstance(node.func, cst.Attribute):
            args = cst.Tuple([cst.Element(node.func.value)] + list(args.elements))
        if not isinstance(loops[-1], cst.While) and invariant_in(args, loops[-1]):
            self.report(
                node,
                f"{what} with the same arguments on every loop iteration; read it once before the loop",
            )
