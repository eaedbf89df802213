import re

from codeaudit.js import call_args, callee_method, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_HTML_PROPERTIES = {"innerHTML", "outerHTML"}
_WRITERS = {"document.write", "document.writeln"}
_SAFE_CALL_WORDS = ("escape", "sanitiz", "purify", "encode")

_ASSIGN = """
(assignment_expression left: (member_expression property: (property_identifier) @prop) right: (_) @value) @sink
(augmented_assignment_expression left: (member_expression property: (property_identifier) @prop) right: (_) @value) @sink
(call_expression) @call
"""
_JSX = '(jsx_attribute (property_identifier) @attr (jsx_expression) @value (#eq? @attr "dangerouslySetInnerHTML")) @sink'


#: Field names of records that carry HTML rendered (and sanitised) by their producer: `post.bodyHtml`.
_PRERENDERED = re.compile(r"^[a-z][A-Za-z0-9]*(Html|HTML)$|^(html|safeHtml|sanitizedHtml)$")


class JsHtmlInjection(JsRule):
    """HTML sinks (`innerHTML`, `document.write`, `dangerouslySetInnerHTML`) fed with non-constant data.

    ## What it does
    Reports assignments to `innerHTML`/`outerHTML`, `document.write`,
    `insertAdjacentHTML` and React's `dangerouslySetInnerHTML` when the HTML is
    not a constant string and is not passed through an escaping/sanitising function.

    ## Why is this bad
    Data interpolated into HTML is parsed as markup: a component name, comment or
    Markdown body containing `<img src=x onerror=...>` runs script in the page
    (stored or reflected XSS).

    ## Example
    ```javascript
    panel.innerHTML = `<h3>${component.name}</h3>`;
    ```

    ## Use instead
    Use `textContent` / DOM construction, or sanitise the HTML:
    ```javascript
    heading.textContent = component.name;
    <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(html) }} />
    ```
    """

    code = "SEC104"
    slug = "js-html-injection"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (79,)
    triggers = (b"HTML", b"write")  # innerHTML/outerHTML/insertAdjacentHTML/dangerouslySetInnerHTML, document.write
    query = {"javascript": _ASSIGN + _JSX, "tsx": _ASSIGN + _JSX, "typescript": _ASSIGN}

    VALID = [
        "el.innerHTML = '<b>static</b>';\nel.innerHTML = '';\nel.textContent = user.name;\n",
        "panel.innerHTML = `<h3>${escapeHtml(c.name)}</h3>`;\nel.insertAdjacentHTML('beforeend', DOMPurify.sanitize(html));\n",
        "const HELP = { __html: 'Revenue <em>net</em>' };\nconst A = () => <p dangerouslySetInnerHTML={HELP} />;\n"
        "const B = () => <p dangerouslySetInnerHTML={{ __html: '&#128172; Comments' }} />;\n",
        ("tsx", "export const Item = ({ product }: Props) => (\n"
                "  <div className='d' dangerouslySetInnerHTML={{ __html: product.descriptionHtml }} />\n);\n"),
    ]
    INVALID = [
        "panel.innerHTML = `<h3>${c.name}</h3><p>${c.description}</p>`;  // expect: SEC104\n",
        "card.innerHTML = `<p>${product.descriptionHtml}</p><b>${product.name}</b>`;  // expect: SEC104\n",
        "document.write('<p>' + location.hash + '</p>');  // expect: SEC104\nlist.insertAdjacentHTML('beforeend', row);  // expect: SEC104\n",
        ("tsx", "export const C = ({ body }: { body: string }) => (\n"
                "  <div dangerouslySetInnerHTML={{ __html: marked.parse(body) }} />  // expect: SEC104\n);\n"),
    ]

    def check(self, captures):
        if "call" in captures:
            call = captures["call"][0]
            args = call_args(call)
            name = self.js.call_name(call)
            if name in _WRITERS and args and not self._safe(args[0], call):
                self.report(call, f"{name}() with non-constant HTML enables XSS; build DOM nodes or escape the data")
            elif callee_method(call) == "insertAdjacentHTML" and len(args) >= 2 and not self._safe(args[1], call):
                self.report(call, "insertAdjacentHTML() with non-constant HTML enables XSS; use insertAdjacentText "
                                  "or escape the data")
            return
        sink, value = captures["sink"][0], captures["value"][0]
        if "attr" in captures:
            inner = next((c for c in value.named_children if c.type != "comment"), None)
            html = self._html_of(inner, sink)
            if html is not False and not self._safe(html, sink):
                self.report(sink, "dangerouslySetInnerHTML with non-constant HTML enables XSS; sanitise it "
                                  "(DOMPurify.sanitize) or render text")
            return
        prop = text(captures["prop"][0])
        if prop in _HTML_PROPERTIES and not self._safe(value, sink):
            self.report(sink, f"{prop} set from non-constant data enables XSS; use textContent or escape the data")

    def _html_of(self, node, at):
        """The __html value of the object given to dangerouslySetInnerHTML (False: safe/unknown shape)."""
        node = strip_parens(node)
        if node is None:
            return False
        if node.type == "identifier":
            values = self.js.values_of(text(node), at) or []
            return self._html_of(values[0], at) if len(values) == 1 else False
        if node.type == "object":
            for pair in node.named_children:
                if pair.type == "pair" and text(pair.child_by_field_name("key")).strip("'\"") == "__html":
                    return pair.child_by_field_name("value")
            return False
        return node  # computed object: treat as data

    def _safe(self, node, at, depth=0):
        node = strip_parens(node)
        if node is None or depth > 5 or self.js.is_constant(node, at):
            return True
        if depth == 0 and node.type == "member_expression" and _PRERENDERED.search(
                text(node.child_by_field_name("property"))):
            return True  # `product.descriptionHtml`: a record field that already holds rendered HTML
        if node.type == "call_expression":
            name = (self.js.call_name(node) or "").lower()
            return any(word in name for word in _SAFE_CALL_WORDS)
        if node.type == "template_string":
            subs = [s.named_children[0] for s in node.named_children if s.type == "template_substitution" and s.named_children]
            return all(self._safe(s, at, depth + 1) for s in subs)
        if node.type == "binary_expression":
            return all(self._safe(c, at, depth + 1) for c in node.named_children)
        if node.type == "ternary_expression":
            return all(self._safe(node.child_by_field_name(f), at, depth + 1) for f in ("consequence", "alternative"))
        if node.type == "identifier":
            values = self.js.values_of(text(node), at)
            return bool(values) and all(self._safe(v, v, depth + 1) for v in values)
        return False
