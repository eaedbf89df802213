import libcst as cst

from codeaudit.analysis.helpers import arg
from codeaudit.analysis.taint import TaintRule
from codeaudit.rule import Category, Confidence, Severity

_REDIRECTS = frozenset({
    "flask.redirect", "werkzeug.utils.redirect", "django.shortcuts.redirect", "django.http.HttpResponseRedirect",
    "django.http.HttpResponsePermanentRedirect", "fastapi.responses.RedirectResponse",
    "starlette.responses.RedirectResponse", "redirect", "HttpResponseRedirect", "RedirectResponse",
})  # fmt: skip
_CHECKS = (
    "url_has_allowed_host_and_scheme", "is_safe_url", "is_safe", "netloc", "urlparse", "urlsplit", "allowed_host",
    "ALLOWED", "startswith(\"/\")", "startswith('/')",
)  # fmt: skip


class OpenRedirect(TaintRule):
    """A redirect to a URL taken from the request.

    ## What it does
    Reports `redirect()`, `HttpResponseRedirect` and `RedirectResponse` whose target
    comes from the request (`?next=`, `?to=`, a form field) when the function does
    not validate it (`url_has_allowed_host_and_scheme`, an `urlparse` host check or
    a relative-path check).

    ## Why is this bad
    `https://yoursite/login?next=https://evil.example` sends users, after they log
    in on your real site, to a look-alike that phishes their password or tokens.

    ## Example
    ```python
    return redirect(request.args.get("next", "/"))
    ```

    ## Use instead
    ```python
    target = request.args.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)
    ```
    """

    code = "SEC011"
    slug = "open-redirect"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    cwe = (601,)
    triggers = (b"edirect",)

    VALID = [
        "from flask import redirect, request, url_for\ndef go():\n    return redirect(url_for('home'))\n",
        "from flask import redirect, request\ndef is_safe(u):\n    return u.startswith('/') and not u.startswith('//')\n"
        "def go():\n    nxt = request.form.get('next', '')\n    if is_safe(nxt):\n        return redirect(nxt)\n"
        "    return redirect('/')\n",
        "from flask import redirect, request\ndef export():\n    name = request.args['n']\n"
        "    return redirect(f'/exports/{name}')\n",
    ]
    INVALID = [
        "from flask import redirect, request\ndef go():\n    target = request.args.get('to', '/')\n"
        "    return redirect(target)  # expect: SEC011\n",
        "from django.shortcuts import redirect\ndef login_done(request):\n    next_url = request.GET.get('next', '/')\n"
        "    return redirect(next_url)  # expect: SEC011\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if (self.ctx.call_name(node) or "") not in _REDIRECTS:
            return
        target = arg(node, 0, "url") or arg(node, 0, "to") or arg(node, 0, "redirect_to")
        if target is None or isinstance(target, cst.FormattedString) and _relative_prefix(target):
            return
        origin = self.tainted(target, remote_only=True)
        if origin is not None and not origin.param and _same_site(self.ctx.code_of(origin.source)):
            return
        if origin is None or self.function_mentions(*_CHECKS) or self.validated(origin):
            return
        self.report(node, f"{self.taint.evidence(origin)} and is used as the redirect target: attackers link to your "
                          "site and bounce users to theirs; accept only relative paths or allow-listed hosts")  # fmt: skip


def _same_site(source: str) -> bool:
    """request.path / get_full_path() keep the user on this site."""
    return any(w in source for w in ("request.path", "get_full_path", "path_info", "build_absolute_uri", "url_for("))


def _relative_prefix(node: cst.FormattedString) -> bool:
    first = node.parts[0] if node.parts else None
    return isinstance(first, cst.FormattedStringText) and first.value.startswith("/") and not first.value.startswith("//")
