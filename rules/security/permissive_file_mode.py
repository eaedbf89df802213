import libcst as cst

from codeaudit.analysis.helpers import arg, is_test_path
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_CHMODS = frozenset({"os.chmod", "os.fchmod", "os.lchmod", "os.makedirs", "os.mkdir", "os.open"})
_WORLD_WRITE = frozenset({"S_IWOTH", "S_IRWXO"})


class PermissiveFileMode(PythonRule):
    """Files or folders made world-writable (`chmod 0o777`, `0o666`).

    ## What it does
    Reports `os.chmod`, `os.fchmod` and `Path.chmod` with a literal mode that lets
    *other* users write (`0o777`, `0o666`, `0o722`, `stat.S_IWOTH`). Modes given to
    `os.open`/`os.mkdir` are not reported: the umask still applies to them.

    ## Why is this bad
    Any local user or compromised service can replace the file: scripts,
    configs and deploy artefacts become a way to run code as their owner.

    ## Example
    ```python
    os.chmod(target, 0o777)
    ```

    ## Use instead
    ```python
    os.chmod(target, 0o750)  # or 0o640 for data files
    ```
    """

    code = "SEC028"
    slug = "permissive-file-mode"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    cwe = (732,)
    triggers = (b"chmod",)

    VALID = [
        "import os\nos.chmod('run.sh', 0o755)\n",
        "import os\nos.makedirs('out', exist_ok=True)\n",
        "import os\nos.chmod('key', 0o600)\n",
    ]
    INVALID = [
        "import os\nos.chmod('deploy.sh', 0o777)  # expect: SEC028\n",
        "from pathlib import Path\nPath('shared.cfg').chmod(0o666)  # expect: SEC028\n",
        "import os, stat\nos.chmod('x', stat.S_IRWXU | stat.S_IWOTH)  # expect: SEC028\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if is_test_path(self.ctx.path):
            return
        name = self.ctx.call_name(node) or ""
        func = node.func
        if name in ("os.chmod", "os.fchmod", "os.lchmod"):
            mode = arg(node, 1, "mode")
        elif isinstance(func, cst.Attribute) and func.attr.value == "chmod" and not name.startswith("os."):
            mode = arg(node, 0, "mode")
        else:
            return
        if mode is not None and self._world_writable(mode):
            self.report(node, f"mode {self.ctx.code_of(mode)} lets every local user write this path; drop the "
                              "'other' write bit (e.g. 0o755 / 0o644 / 0o600)")  # fmt: skip

    def _world_writable(self, mode) -> bool:
        if isinstance(mode, cst.Integer):
            try:
                return bool(int(mode.value.replace("_", ""), 0) & 0o002)
            except ValueError:
                return False
        if isinstance(mode, cst.BinaryOperation):
            return self._world_writable(mode.left) or self._world_writable(mode.right)
        return (self.ctx.qualified_name(mode) or "").rsplit(".", 1)[-1] in _WORLD_WRITE
