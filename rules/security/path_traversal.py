import re

import libcst as cst

from codeaudit.analysis.helpers import positional
from codeaudit.concurrency.index import walk
from codeaudit.analysis.taint import TaintRule
from codeaudit.rule import Category, Confidence, Severity

#: Calls that open or serve the file named by their first argument.
_SINKS = frozenset({
    "open", "io.open", "builtins.open", "codecs.open", "flask.send_file", "send_file", "shelve.open",
    "os.remove", "os.unlink", "shutil.rmtree", "shutil.copy", "shutil.copyfile", "shutil.move",
    "fastapi.responses.FileResponse", "starlette.responses.FileResponse", "FileResponse",
    "django.http.FileResponse", "os.listdir", "os.scandir", "pathlib.Path.open",
})  # fmt: skip
_JOINS = frozenset({"os.path.join", "posixpath.join", "pathlib.Path", "Path", "pathlib.PurePath", "os.path.abspath"})
#: Code that shows the function checks the final path against its root (or strips directories).
_ROOT_CHECKS = ("is_relative_to", "commonpath", "safe_join", "relative_to(", '".." in', "'..' in", "startswith(str(", "startswith(os.path")


class PathTraversal(TaintRule):
    """Request data used in a file path without confining it to a folder.

    ## What it does
    Reports `os.path.join`, `Path / value`, `open`, `send_file`, `FileResponse`,
    `shelve.open` and similar calls that put a value from the request (query
    string, form, upload file name, URL parameter) into a path, unless the value
    went through `secure_filename`/`os.path.basename` or the function checks the
    resolved path against its root (`is_relative_to`, `commonpath`, `safe_join`).

    ## Why is this bad
    `../` segments or an absolute path in the value escape the intended folder:
    `?path=../../../etc/passwd` reads any file the server can, an upload named
    `../app.py` overwrites code.

    ## Example
    ```python
    return send_file(os.path.join(THEMES_DIR, request.args["path"]))
    ```

    ## Use instead
    ```python
    return send_from_directory(THEMES_DIR, request.args["path"])
    ```
    """

    code = "SEC009"
    slug = "path-traversal"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (22,)
    triggers = (b"request", b"app.", b"router.", b"bp.")

    VALID = [
        "from flask import request, send_file\nimport os\ndef user_path(name):\n"
        "    return os.path.join('/srv/files', os.path.basename(name))\n"
        "def get():\n    return send_file(user_path(request.args['n']))\n",
        "from flask import request, send_from_directory\ndef get(name):\n"
        "    return send_from_directory('/srv/files', request.args['name'])\n",
        "import os\nfrom flask import request\nfrom werkzeug.utils import secure_filename\ndef save():\n"
        "    f = request.files['file']\n    name = secure_filename(f.filename)\n"
        "    f.save(os.path.join('/srv/up', name))\n",
        "import os\nfrom flask import request\ndef read():\n    base = os.path.realpath('/srv/files')\n"
        "    path = os.path.realpath(os.path.join(base, request.args['name']))\n"
        "    if os.path.commonpath([base, path]) != base:\n        return None\n    return open(path).read()\n",
        "import sys\ndef main():\n    with open(sys.argv[1]) as fh:\n        print(fh.read())\n",
    ]
    INVALID = [
        # through the module's own path helper, one step away
        "from flask import request, send_file\ndef user_path(name):\n    return '/srv/files/' + name\n"
        "def get():\n    return send_file(user_path(request.args['n']))  # expect: SEC009\n",
        # the path is built first, then served: reported on the call that serves it
        "import os\nfrom flask import Flask, request, send_file\napp = Flask(__name__)\n@app.route('/files/<name>')\n"
        "def download(name):\n    path = os.path.join('/srv/up', request.args.get('sub', ''), name)\n"
        "    return send_file(path)  # expect: SEC009\n",
        "import os\nfrom fastapi import FastAPI\nfrom fastapi.responses import FileResponse\napp = FastAPI()\n"
        "@app.get('/r/{account}')\nasync def dl(account: str, filename: str):\n    target = os.path.join('/r', account, filename)\n"
        "    if not os.path.isfile(target):\n        return None\n    return FileResponse(target)  # expect: SEC009\n",
        "import os\nfrom flask import request, send_file\ndef asset(theme_id):\n"
        "    asset = request.args.get('path', 'style.css')\n"
        "    return send_file(os.path.join('/srv/themes', theme_id, asset))  # expect: SEC009\n",
        "from pathlib import Path\nfrom flask import request\nROOT = Path('/srv')\ndef up():\n"
        "    file = request.files['avatar']\n"
        "    dest = ROOT / file.filename  # expect: SEC009\n    file.save(dest)\n",
        "from fastapi import FastAPI\napp = FastAPI()\n@app.get('/logs')\ndef log(name: str):\n"
        "    return open(name).read()  # expect: SEC009\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        name = self.ctx.call_name(node) or ""
        if name in _JOINS:
            parts = [a.value for a in node.args if a.keyword is None]
            if name in ("pathlib.Path", "Path", "pathlib.PurePath") and len(parts) < 2:
                return
            if name == "os.path.abspath":
                return
            self._check(node, parts[1:] if len(parts) > 1 else [], f"{name}()")
        elif name in _SINKS or _is_path_open(node):
            target = positional(node, 0)
            if target is None or _is_join(self, target):
                return
            if isinstance(target, cst.Name):
                assigned = self.taint.assigned_value(target.value)
                if assigned is not None and _is_join(self, assigned):
                    return
            self._check(node, [target], f"{name or 'open'}()")

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if isinstance(node.operator, cst.Divide) and _looks_like_path(self, node.left):
            self._check(node, [node.right], "the `/` path operator")

    def _check(self, node, parts, where: str) -> None:
        for part in parts:
            origin = self.tainted(part, remote_only=True)
            if origin is None:
                continue
            if self.function_mentions(*_ROOT_CHECKS) or self.validated(origin):
                return
            sink = self._sink_of_result(node)
            if sink is not None:  # the path is built first and then opened/served: the sink is the line to fix
                node, where = sink, f"{where} and then {self.ctx.code_of(sink.func)}()"
            self.report(node, f"{self.taint.evidence(origin)} and reaches a file path through {where}: '../' or an "
                              "absolute path escapes the folder; use secure_filename()/send_from_directory or "
                              "check the resolved path stays under the root")  # fmt: skip
            return


    def _sink_of_result(self, node):
        """`path = join(...)` followed by `send_file(path)` (or open/FileResponse...) in the same function."""
        assign = self.ctx.parent
        if not (isinstance(assign, cst.Assign) and len(assign.targets) == 1 and isinstance(assign.targets[0].target, cst.Name)
                and assign.value is node and isinstance(self.ctx.function, cst.FunctionDef)):
            return None
        var = assign.targets[0].target.value
        for n in walk(self.ctx.function.body):
            if isinstance(n, cst.Call) and ((self.ctx.call_name(n) or "") in _SINKS):
                target = positional(n, 0)
                if isinstance(target, cst.Name) and target.value == var:
                    return n
        return None


_PATHISH = re.compile(r"(?i)(dir|path|root|folder|base|upload|media|static|storage|home|files|cwd|tmp|cache|data)")


def _looks_like_path(rule, node) -> bool:
    """The left side of `/` is a path (not a number): a Path(...) call, a str literal, a *_DIR-like name."""
    if isinstance(node, cst.BinaryOperation):
        return isinstance(node.operator, cst.Divide) and _looks_like_path(rule, node.left)
    if isinstance(node, (cst.SimpleString, cst.FormattedString)):
        return True
    if isinstance(node, cst.Call):
        name = rule.ctx.call_name(node) or ""
        return name.split(".")[-1] in ("Path", "PurePath", "PosixPath", "home", "cwd", "resolve", "expanduser", "joinpath")
    if isinstance(node, (cst.Name, cst.Attribute)):
        text = node.value if isinstance(node, cst.Name) else node.attr.value
        return bool(_PATHISH.search(text)) or text.isupper()
    return False


def _is_join(rule, node) -> bool:
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
        return True
    if isinstance(node, cst.Call):
        name = rule.ctx.call_name(node) or ""
        if name in _JOINS or name == "str":
            return name != "str" or bool(node.args and _is_join(rule, node.args[0].value))
    return False


def _is_path_open(node: cst.Call) -> bool:
    func = node.func
    return (
        isinstance(func, cst.Attribute)
        and func.attr.value in ("read_text", "read_bytes", "write_text", "write_bytes")
        and isinstance(func.value, cst.Call)
    )
