import libcst as cst

from codeaudit.analysis.taint import TaintRule
from codeaudit.rule import Category, Confidence, Severity

_MARKERS = frozenset({
    "markupsafe.Markup", "flask.Markup", "jinja2.Markup", "Markup", "django.utils.safestring.mark_safe", "mark_safe",
    "django.utils.html.format_html_join",
})  # fmt: skip


class MarkupOnInput(TaintRule):
    """`Markup()` / `mark_safe()` on request data.

    ## What it does
    Reports `Markup(...)` and Django `mark_safe(...)` whose argument carries request
    data; these mark the text as already-safe HTML so templates skip escaping.

    ## Why is this bad
    The user's text goes into the page verbatim: a `<script>` in a signature, bio
    or comment runs in every viewer's browser (stored XSS).

    ## Example
    ```python
    return render_template("sig.html", signature=Markup(request.form["signature"]))
    ```

    ## Use instead
    ```python
    return render_template("sig.html", signature=request.form["signature"])  # escaped
    ```
    """

    code = "SEC014"
    slug = "markup-on-input"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    cwe = (79,)
    triggers = (b"Markup", b"mark_safe")

    VALID = [
        "from markupsafe import Markup, escape\nfrom flask import request\ndef s():\n"
        "    return Markup('<b>{}</b>').format(request.args['n'])\n",
        "from markupsafe import Markup\nICON = Markup('<svg></svg>')\n",
    ]
    INVALID = [
        "from markupsafe import Markup\nfrom flask import request, render_template\ndef sig():\n"
        "    sig = request.form.get('signature', '')\n"
        "    return render_template('s.html', signature=Markup(sig))  # expect: SEC014\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if (self.ctx.call_name(node) or "") not in _MARKERS or not node.args:
            return
        origin = self.tainted(node.args[0].value, remote_only=True)
        if origin is not None:
            self.report(node, f"{self.taint.evidence(origin)} and is marked as safe HTML, so templates do not escape "
                              "it (XSS); pass the plain string and let the template escape it")  # fmt: skip
