import libcst as cst

from codeaudit.analysis.helpers import arg
from codeaudit.analysis.taint import TaintRule
from codeaudit.rule import Category, Confidence, Severity

_RENDER_STRING = frozenset({
    "flask.render_template_string", "render_template_string", "jinja2.Template", "jinja2.Environment.from_string",
    "mako.template.Template", "django.template.Template", "Template",
})  # fmt: skip


class TemplateInjection(TaintRule):
    """Template source built from request data (server-side template injection).

    ## What it does
    Reports `render_template_string`, `jinja2.Template`, `env.from_string` and Django or
    Mako `Template` when the template *text* contains request data (directly, or
    spliced in with `+`, f-strings or `.format`). Passing request data as a
    template variable (`render_template_string(LAYOUT, body=body)`) is fine and silent.

    ## Why is this bad
    Template syntax in the value is executed: `{{ cycler.__init__.__globals__.os.popen('id').read() }}`
    runs commands on the server. Even without code execution it leaks `config` and secrets.

    ## Example
    ```python
    template = "<h1>" + request.form["title"] + "</h1>"
    return render_template_string(template)
    ```

    ## Use instead
    ```python
    return render_template_string("<h1>{{ title }}</h1>", title=request.form["title"])
    ```
    """

    code = "SEC012"
    slug = "template-injection"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (1336, 94)
    triggers = (b"render_template_string", b"Template", b"from_string")

    VALID = [
        "from flask import render_template_string, request\nLAYOUT = '<p>{{ body }}</p>'\ndef g():\n"
        "    name = request.args.get('name', '')\n    return render_template_string(LAYOUT, body=f'Hi {name}')\n",
        "from string import Template\ndef g(name):\n    return Template('$who').substitute(who=name)\n",
    ]
    INVALID = [
        "from flask import render_template_string, request\ndef preview():\n"
        "    title = request.form.get('title', '')\n    template = '<h1>' + title + '</h1>'\n"
        "    return render_template_string(template)  # expect: SEC012\n",
        "import jinja2\nfrom flask import request\ndef p():\n"
        "    return jinja2.Template(request.data.decode()).render()  # expect: SEC012\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        name = self.ctx.call_name(node) or ""
        func = node.func
        if name == "Template" or name.startswith("string."):
            return  # string.Template substitutes values, it does not evaluate expressions
        if name not in _RENDER_STRING and not (isinstance(func, cst.Attribute) and func.attr.value == "from_string"):
            return
        source = arg(node, 0, "source")
        if source is None:
            return
        origin = self.tainted(source)
        if origin is None:
            return
        self.report(node, f"template text built from user input ({self.taint.evidence(origin)}) is executed by the "
                          "template engine; keep the template constant and pass the value as a variable")  # fmt: skip
