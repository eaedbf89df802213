import libcst as cst

from codeaudit.analysis.helpers import is_test_path
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class InsecureTempfile(PythonRule):
    """`tempfile.mktemp()`: a name, not a file, with a race before use.

    ## What it does
    Reports calls to `tempfile.mktemp()` (and `os.tempnam`/`os.tmpnam`).

    ## Why is this bad
    The name is predictable and the file does not exist yet: another local user can
    create it (or a symlink to a file you own) between the call and your `open`, and
    read or redirect what you write.

    ## Example
    ```python
    path = tempfile.mktemp(suffix=".env")
    ```

    ## Use instead
    ```python
    fd, path = tempfile.mkstemp(suffix=".env")
    # or: with tempfile.NamedTemporaryFile(suffix=".env") as fh: ...
    ```
    """

    code = "SEC029"
    slug = "insecure-tempfile"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    cwe = (377,)
    triggers = (b"mktemp", b"tempnam", b"tmpnam")

    VALID = ["import tempfile\nfd, path = tempfile.mkstemp()\n", "import tempfile\nd = tempfile.mkdtemp()\n"]
    INVALID = ["import tempfile\npath = tempfile.mktemp(suffix='.env')  # expect: SEC029\n"]

    def visit_Call(self, node: cst.Call) -> None:
        if is_test_path(self.ctx.path):
            return
        if (self.ctx.call_name(node) or "") in ("tempfile.mktemp", "os.tempnam", "os.tmpnam"):
            self.report(node, "mktemp() returns a name another user can create first (symlink race); use "
                              "tempfile.mkstemp() or NamedTemporaryFile()")  # fmt: skip
