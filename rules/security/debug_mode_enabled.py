import libcst as cst

from codeaudit.analysis.helpers import is_true, kwarg, string_value
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_DJANGO_MARKERS = ("INSTALLED_APPS", "ROOT_URLCONF", "MIDDLEWARE", "DJANGO_SETTINGS")


class DebugModeEnabled(PythonRule):
    """Flask or Django debug mode switched on in code.

    ## What it does
    Reports `app.run(debug=True)`, `app.debug = True`, `app.config["DEBUG"] = True`
    and `DEBUG = True` in a Django settings module.

    ## Why is this bad
    Flask's debugger gives anyone who can trigger an error a Python console
    on the server (remote code execution, worse when bound to 0.0.0.0). Django's
    debug pages leak settings, SQL and stack traces.

    ## Example
    ```python
    app.run(host="0.0.0.0", port=8080, debug=True)
    ```

    ## Use instead
    ```python
    app.run(host="127.0.0.1", port=8080, debug=os.environ.get("FLASK_DEBUG") == "1")
    ```
    """

    code = "SEC023"
    slug = "debug-mode-enabled"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (489, 94)
    triggers = (b"debug", b"DEBUG")

    VALID = [
        "import os\nfrom flask import Flask\napp = Flask(__name__)\napp.run(debug=os.environ.get('FLASK_DEBUG') == '1')\n",
        "DEBUG = True\n",
        "import os\nINSTALLED_APPS = []\nDEBUG = os.environ.get('DJANGO_DEBUG') == '1'\n",
    ]
    INVALID = [
        "from flask import Flask\napp = Flask(__name__)\napp.run(host='0.0.0.0', port=8080, debug=True)  # expect: SEC023\n",
        "INSTALLED_APPS = ['django.contrib.admin']\nDEBUG = True  # expect: SEC023\n",
        "from flask import Flask\napp = Flask(__name__)\napp.config['DEBUG'] = True  # expect: SEC023\n",
    ]

    def _in_tests(self) -> bool:
        parts = self.ctx.path.replace("\\", "/").split("/")
        func = self.ctx.function
        in_test_func = isinstance(func, cst.FunctionDef) and func.name.value.startswith("test")
        return in_test_func or parts[-1].startswith("test_") or parts[-1] == "conftest.py" or any(
            p in ("tests", "test", "testing") for p in parts[:-1]
        )

    def visit_Call(self, node: cst.Call) -> None:
        if self._in_tests():
            return
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "run" and is_true(kwarg(node, "debug")):
            host = string_value(kwarg(node, "host"))
            extra = " and listening on all interfaces" if host == "0.0.0.0" else ""
            self.report(node, f"debug=True{extra} exposes the interactive debugger (code execution for anyone who "
                              "triggers an error); read the flag from the environment and keep it off in production")  # fmt: skip

    def visit_Assign(self, node: cst.Assign) -> None:
        if not is_true(node.value) or self._in_tests():
            return
        for target in node.targets:
            t = target.target
            if isinstance(t, cst.Name) and t.value == "DEBUG" and self.ctx.function is None and self.ctx.class_def is None:
                if any(marker in self.ctx.source.text for marker in _DJANGO_MARKERS):
                    self.report(node, "DEBUG = True in Django settings shows settings, SQL and stack traces to "
                                      "visitors; read it from the environment, default False")  # fmt: skip
            elif isinstance(t, cst.Attribute) and t.attr.value == "debug" and isinstance(t.value, cst.Name) and t.value.value == "app":
                self.report(node, "app.debug = True enables the interactive debugger; keep it off in production")
            elif isinstance(t, cst.Subscript) and t.slice and isinstance(t.slice[0].slice, cst.Index):
                if string_value(t.slice[0].slice.value) == "DEBUG" and self.ctx.code_of(t.value).endswith("config"):
                    self.report(node, "config['DEBUG'] = True enables the debugger; read it from the environment")
