import libcst as cst

from codeaudit.analysis.helpers import kwarg
from codeaudit.analysis.taint import TaintRule
from codeaudit.rule import Category, Confidence, Severity

_TAR_OPEN = frozenset({"tarfile.open", "tarfile.TarFile", "tarfile.TarFile.open", "tarfile.TarFile.gzopen"})
#: Archive listings whose entries name paths chosen by the archive's author.
_LISTINGS = {"infolist": "filename", "getmembers": "name", "namelist": "", "getnames": ""}
_CHECKS = ("is_relative_to", "commonpath", "relative_to(", "startswith", '".." in', "'..' in", "safe_join")


class ArchivePathTraversal(TaintRule):
    """Archive extraction without checking member paths (zip slip).

    ## What it does
    Reports `tarfile` `extractall()`/`extract()` without `filter=` (or a `members=`
    selection), and loops over `infolist()`/`namelist()`/`getmembers()` that join a
    member's name onto a folder without checking the result stays inside it.

    ## Why is this bad
    Archive member names are chosen by whoever made the archive: `../../.ssh/authorized_keys`
    or an absolute path writes outside the target folder. `tarfile` also follows
    symlink members. (`zipfile.extractall` sanitises names itself and is not reported.)

    ## Example
    ```python
    with tarfile.open(archive) as tar:
        tar.extractall(target)
    ```

    ## Use instead
    ```python
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")  # Python 3.12+ / backports
    ```
    """

    code = "SEC008"
    slug = "archive-path-traversal"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (22,)
    triggers = (b"tarfile", b"zipfile", b"ZipFile")

    VALID = [
        "import tarfile\nwith tarfile.open(a) as tar:\n    tar.extractall(dest, filter='data')\n",
        "import zipfile\nwith zipfile.ZipFile(a) as zf:\n    zf.extractall(dest)\n",
        "import os, zipfile\ndef unpack(a, target):\n    with zipfile.ZipFile(a) as zf:\n"
        "        for m in zf.infolist():\n"
        "            dest = os.path.realpath(os.path.join(target, m.filename))\n"
        "            if not dest.startswith(os.path.realpath(target) + os.sep):\n                raise ValueError(m.filename)\n",
    ]
    INVALID = [
        "import tarfile\ndef restore(archive, target):\n    with tarfile.open(archive, 'r:*') as tar:\n"
        "        tar.extractall(path=target)  # expect: SEC008\n",
        "import os, zipfile\ndef unpack(a, target):\n    with zipfile.ZipFile(a) as zf:\n"
        "        for member in zf.infolist():\n"
        "            dest = os.path.join(target, member.filename)  # expect: SEC008\n"
        "            open(dest, 'wb').write(zf.read(member))\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.tars: set[str] = set()
        self.members: dict[str, str] = {}

    def visit_WithItem(self, node: cst.WithItem) -> None:
        super().visit_WithItem(node)
        if node.asname is not None and isinstance(node.asname.name, cst.Name) and self._is_tar(node.item):
            self.tars.add(node.asname.name.value)

    def visit_Assign(self, node: cst.Assign) -> None:
        if self._is_tar(node.value):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    self.tars.add(target.target.value)

    def visit_For(self, node: cst.For) -> None:
        super().visit_For(node)
        it = node.iter
        if isinstance(it, cst.Call) and isinstance(it.func, cst.Attribute) and it.func.attr.value in _LISTINGS:
            if isinstance(node.target, cst.Name):
                self.members[node.target.value] = _LISTINGS[it.func.attr.value]

    def _is_tar(self, value) -> bool:
        return isinstance(value, cst.Call) and (self.ctx.call_name(value) or "") in _TAR_OPEN

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in ("extractall", "extract"):
            receiver = func.value
            is_tar = (isinstance(receiver, cst.Name) and receiver.value in self.tars) or self._is_tar(receiver)
            if is_tar and kwarg(node, "filter") is None and kwarg(node, "members") is None:
                if func.attr.value == "extractall" or not self.function_mentions(*_CHECKS):
                    self.report(node, f"tarfile {func.attr.value}() without filter= trusts member names and links: "
                                      "'../' or absolute paths write outside the target; pass filter='data' "
                                      "or check each member's resolved path")  # fmt: skip
            return
        if self.members and (self.ctx.call_name(node) or "") in ("os.path.join", "posixpath.join"):
            if any(self._member_name(a.value) for a in node.args[1:]) and not self.function_mentions(*_CHECKS):
                self._report_join(node)

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if self.members and isinstance(node.operator, cst.Divide) and self._member_name(node.right):
            if not self.function_mentions(*_CHECKS):
                self._report_join(node)

    def _member_name(self, value) -> bool:
        if isinstance(value, cst.Name):
            return self.members.get(value.value) == ""
        if isinstance(value, cst.Attribute) and isinstance(value.value, cst.Name):
            return self.members.get(value.value.value) == value.attr.value
        return False

    def _report_join(self, node) -> None:
        self.report(node, "archive member name joined onto the target folder without checking the result stays "
                          "inside it (zip slip); resolve the path and require it to start with the target folder")  # fmt: skip
