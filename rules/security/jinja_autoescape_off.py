import libcst as cst

from codeaudit.analysis.helpers import is_false, kwarg, is_test_path
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_ENVIRONMENTS = frozenset({"jinja2.Environment", "jinja2.environment.Environment", "jinja2.Template"})


class JinjaAutoescapeOff(PythonRule):
    """Jinja2 environment for HTML with autoescaping off.

    ## What it does
    Reports `jinja2.Environment(autoescape=False)`, and `Environment(...)` without
    `autoescape` in a file that renders HTML templates (the Jinja2 default is off).

    ## Why is this bad
    Every `{{ value }}` is written into the HTML unescaped: a user's name such as
    `<script>...</script>` runs in every reader's browser (stored XSS), e-mail clients included.

    ## Example
    ```python
    env = jinja2.Environment(loader=FileSystemLoader("templates"), autoescape=False)
    ```

    ## Use instead
    ```python
    env = jinja2.Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())
    ```
    """

    code = "SEC013"
    slug = "jinja-autoescape-off"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    cwe = (79,)
    triggers = (b"jinja2",)

    VALID = [
        "import jinja2\nenv = jinja2.Environment(loader=jinja2.FileSystemLoader('t'), autoescape=jinja2.select_autoescape())\n",
        "import jinja2\nenv = jinja2.Environment(loader=jinja2.FileSystemLoader('sql'))  # renders SQL files\n",
    ]
    INVALID = [
        "import jinja2\nenv = jinja2.Environment(  # expect: SEC013\n    loader=jinja2.FileSystemLoader('email'),\n"
        "    autoescape=False,\n)\n",
        "from jinja2 import Environment, PackageLoader\nenv = Environment(loader=PackageLoader('app'))  # expect: SEC013\n"
        "page = env.get_template('index.html')\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if is_test_path(self.ctx.path):
            return
        if (self.ctx.call_name(node) or "") not in _ENVIRONMENTS:
            return
        autoescape = kwarg(node, "autoescape")
        if autoescape is None and any(a.star == "**" for a in node.args):
            return
        if is_false(autoescape):
            self.report(node, "Jinja2 autoescape=False writes every {{ value }} into the page unescaped (XSS); "
                              "use autoescape=select_autoescape()")  # fmt: skip
        elif autoescape is None and ".html" in self.ctx.source.text:
            self.report(node, "Jinja2 Environment without autoescape renders HTML templates unescaped (the default "
                              "is off): pass autoescape=select_autoescape()", confidence=Confidence.MEDIUM)  # fmt: skip
