import libcst as cst

from codeaudit.knowledge.cst_tools import walk
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class WholeFileRead(PythonRule):
    """A whole file read into memory only to be walked line by line or hashed.

    ## What it does
    Reports `lines = f.readlines()` (or `f.read().splitlines()`) whose only use
    is one `for` loop over it, `for line in f.readlines()`, `text = f.read()`
    used only as `for line in text.splitlines()`, and a whole-file
    `f.read()` / `path.read_bytes()` whose only use is feeding a `hashlib` hash
    (`hashlib.sha256(data)`, `h.update(data)`).

    ## Why is this bad
    The whole file is held in memory (twice for `readlines()`: the text and a
    list of line strings) although the code only needs one line or one chunk
    at a time. Log files, exports and archives are routinely larger than the
    memory of the process. A file object is already an iterator over its lines,
    and hashes accept data in chunks.

    ## Example
    ```python
    with open(path, "rb") as fh:
        data = fh.read()
    return hashlib.sha256(data).hexdigest()
    ```

    ## Use instead
    ```python
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()  # 3.11+; or update() per 1 MiB chunk
    ```
    """

    code = "EFF016"
    slug = "whole-file-read"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"readlines", b"read()", b"read_bytes()", b"splitlines()")

    VALID = [
        "def f(path):\n    with open(path) as fh:\n        for line in fh:\n            print(line)\n",
        "def f(path):\n    with open(path) as fh:\n        lines = fh.readlines()\n    return lines[-10:]\n",
        "def f(path):\n    with open(path) as fh:\n        lines = fh.readlines()\n    for i, line in enumerate(lines):\n        print(i, line, len(lines))\n",
        "import hashlib\ndef f(path):\n    with open(path, 'rb') as fh:\n        data = fh.read()\n    return hashlib.sha256(data).hexdigest(), data\n",
        "import hashlib\ndef f(path):\n    h = hashlib.sha256()\n    with open(path, 'rb') as fh:\n        for chunk in iter(lambda: fh.read(1 << 20), b''):\n            h.update(chunk)\n    return h.hexdigest()\n",
        "def f(resp):\n    for line in resp.text.splitlines():\n        print(line)\n",
        "def f(path):\n    with open(path) as fh:\n        text = fh.read()\n    for line in text.splitlines():\n        print(line)\n    return text\n",
        "def f(path):\n    with open(path) as fh:\n        text = fh.read()\n    for ch in text:\n        print(ch)\n",
    ]
    INVALID = [
        "import hashlib\ndef sha(path):\n    with open(path, 'rb') as fh:\n        data = fh.read()  # expect: EFF016\n    return hashlib.sha256(data).hexdigest()\n",
        "def f(path, ignore):\n    out = []\n    with open(path) as fh:\n        lines = fh.readlines()  # expect: EFF016\n    for line in lines:\n        out.append(line.strip())\n    return out\n",
        "def f(path):\n    with open(path) as fh:\n        for line in fh.readlines():  # expect: EFF016\n            print(line)\n",
        "import hashlib\nfrom pathlib import Path\ndef f(p):\n    h = hashlib.md5()\n    h.update(Path(p).read_bytes())  # expect: EFF016\n    return h.hexdigest()\n",
        "def f(path):\n    with open(path) as fh:\n        rows = fh.read().splitlines()  # expect: EFF016\n    for row in rows:\n        print(row)\n",
        "def f(path):\n    with open(path, encoding='utf-8') as fh:\n        content = fh.read()  # expect: EFF016\n    for line in content.split('\\n'):\n        print(line)\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._uses: dict[int, dict[str, list]] = {}

    def visit_For(self, node: cst.For) -> None:
        if _line_list(node.iter):
            self.report(node.iter, "the whole file is loaded into a list of lines before the loop; iterate the "
                                   "file object directly (`for line in fh:`), one line in memory at a time")

    def visit_Call(self, node: cst.Call) -> None:
        name = self.ctx.call_name(node) or ""
        hashing = name.startswith("hashlib.") or (isinstance(node.func, cst.Attribute) and node.func.attr.value == "update")
        if hashing and node.args and _whole_read(node.args[0].value):
            self.report(node.args[0], _HASH_MESSAGE)

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) != 1 or not isinstance(node.targets[0].target, cst.Name):
            return
        func = self.ctx.function
        if not isinstance(func, cst.FunctionDef):
            return
        var = node.targets[0].target.value
        value = node.value
        if _line_list(value):
            uses = self._uses_in(func).get(var, [])
            if len(uses) == 1 and uses[0] == "for":
                self.report(value, f"`{var}` holds the whole file as a list only to be looped over once; iterate the "
                                   "file object directly (`for line in fh:`), one line in memory at a time")
        elif _whole_read(value):
            uses = self._uses_in(func).get(var, [])
            if uses and all(u == "hash" for u in uses):
                self.report(value, _HASH_MESSAGE)
            elif uses == ["lines"]:
                self.report(value, f"the whole file is read into `{var}` only to be split into lines for one loop; "
                                   "iterate the file object directly (`for line in fh:`), one line in memory at a time")

    def _uses_in(self, func) -> dict[str, list]:
        """How each name is read in the function: "for" (a loop iterable), "hash" (hashed) or "other"."""
        key = id(func)
        if key not in self._uses:
            uses: dict[str, list] = {}
            roles: dict[int, str] = {}
            for n in walk(func.body):
                if isinstance(n, cst.For) and isinstance(n.iter, cst.Name):
                    roles[id(n.iter)] = "for"
                elif isinstance(n, cst.For) and _splits_lines(n.iter):
                    roles[id(n.iter.func.value)] = "lines"
                elif isinstance(n, cst.Call) and n.args and isinstance(n.args[0].value, cst.Name):
                    name = self.ctx.call_name(n) or ""
                    if name.startswith("hashlib.") or (isinstance(n.func, cst.Attribute) and n.func.attr.value == "update"):
                        roles[id(n.args[0].value)] = "hash"
                elif isinstance(n, cst.Attribute):
                    roles[id(n.attr)] = "skip"
                elif isinstance(n, (cst.AssignTarget, cst.Arg)) and isinstance(getattr(n, "target", None), cst.Name):
                    roles[id(n.target)] = "skip"
                elif isinstance(n, cst.Arg) and n.keyword is not None:
                    roles[id(n.keyword)] = "skip"
                elif isinstance(n, cst.Name):
                    role = roles.get(id(n), "other")
                    if role != "skip":
                        uses.setdefault(n.value, []).append(role)
            self._uses[key] = uses
        return self._uses[key]


_HASH_MESSAGE = ("the whole file is read into memory only to be hashed; feed the hash in chunks "
                 "(`hashlib.file_digest(fh, 'sha256')` on 3.11+, or `h.update(chunk)` per 1 MiB read)")


def _line_list(expr) -> bool:
    """`f.readlines()` or `f.read().splitlines()`."""
    if not (isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and not expr.args):
        return False
    method = expr.func.attr.value
    if method == "readlines":
        return True
    return method == "splitlines" and _whole_read(expr.func.value)


def _splits_lines(expr) -> bool:
    """`name.splitlines()` or `name.split("\\n")`."""
    if not (isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and isinstance(expr.func.value, cst.Name)):
        return False
    method = expr.func.attr.value
    if method == "splitlines":
        return not expr.args
    return (method == "split" and len(expr.args) == 1 and isinstance(expr.args[0].value, cst.SimpleString)
            and expr.args[0].value.evaluated_value == "\n")


def _whole_read(expr) -> bool:
    """`f.read()` (no size) or `path.read_bytes()`."""
    return (isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and not expr.args
            and expr.func.attr.value in ("read", "read_bytes"))
